using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>Asks a gateway's health: <c>/healthz</c> on the operations face, and the gRPC health service of a face.</summary>
internal static class HealthProbe
{
    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> HealthzAsync(Uri opsAddress, X509Certificate2 localServer)
    {
        using var browser = new OpsBrowser(opsAddress, localServer);
        using var answer = await browser.GetAsync("/healthz");
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync(), answer.Content.Headers.ContentType?.ToString());
    }

    /// <summary>grpc.health.v1.Health/Check over mutual TLS as <paramref name="client"/>.</summary>
    public static async Task<HealthCheckResponse.Types.ServingStatus> CheckAsync(Uri address, ClientIdentity client, X509Certificate2 server, string service = "")
    {
        using var channel = RawChannels.Create(address, client, server);
        var answer = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, deadline: RawChannels.Deadline());
        return answer.Status;
    }

    /// <summary>grpc.health.v1.Health/Check on the operations face, without any client certificate.</summary>
    public static async Task<HealthCheckResponse.Types.ServingStatus> CheckOpsAsync(Uri opsAddress, X509Certificate2 server)
    {
        var expected = server.RawData;
        using var channel = GrpcChannel.ForAddress(opsAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected) },
            },
            DisposeHttpClient = true,
        });
        var answer = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: RawChannels.Deadline());
        return answer.Status;
    }
}
