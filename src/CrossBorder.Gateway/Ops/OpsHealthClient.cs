using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Loading;
using CrossBorder.Gateway.Configuration.Validation;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// Asks a running gateway's operations face for <c>/healthz</c>, as <c>crossborder gateway health</c>
/// does. It reads only what it needs from the config (where the face listens, the data folder, the
/// local server certificate), so that it answers exactly when the gateway is unwell: a stale trust
/// list or a broken key file would stop a full configuration check. The server must present the
/// configured local server certificate.
/// </summary>
internal static class OpsHealthClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The outcome: the face's answer, or why there is none.</summary>
    public sealed record Answer(Uri? Address, HttpStatusCode? Status, string Body, string? Failure);

    /// <summary>Reads the face's address and server certificate from the config; throws <see cref="GatewayConfigurationException"/> with the problems.</summary>
    public static (Uri? Address, X509Certificate2 Server) Target(string configPath, TimeProvider time)
    {
        var options = GatewayRuntimeLoader.ReadOptions(configPath);
        var problems = new OptionProblems();
        var files = new ConfigFileReader(Path.GetDirectoryName(Path.GetFullPath(configPath))!, time, problems);
        var listen = problems.Required(options.OpsListen, nameof(options.OpsListen), s => IPEndPoint.TryParse(s, out var e) ? e : null, "must be an address:port such as 127.0.0.1:47103");
        X509Certificate2? server = null;
        var certificate = files.FullPath(options.LocalServer.Certificate);
        try
        {
            server = Core.Certificates.CertificateFiles.LoadCertificate(certificate);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"{nameof(options.LocalServer)}.{nameof(options.LocalServer.Certificate)}: {certificate} cannot be read ({ex.GetType().Name})");
        }

        if (problems.All.Count > 0)
        {
            server?.Dispose();
            throw new GatewayConfigurationException([.. problems.All.Select(p => $"{Path.GetFileName(configPath)}: {p}")]);
        }

        return (OpsAddressFile.Read(listen!, OpsSettings.FolderIn(files.FullPath(options.DataDirectory))), server!);
    }

    /// <summary>GET <c>/healthz</c> at <paramref name="address"/>, accepting only <paramref name="server"/>.</summary>
    public static async Task<Answer> AskAsync(Uri address, X509Certificate2 server, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var expected = server.RawData;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = Timeout,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(expected) },
        };
        using var http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var limit = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            using var answer = await http.GetAsync(new Uri(address, "/healthz"), linked.Token).ConfigureAwait(false);
            var body = await answer.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            return new Answer(address, answer.StatusCode, body, null);
        }
        catch (HttpRequestException ex)
        {
            return new Answer(address, null, "", ex.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(address, null, "", "timeout");
        }
    }
}
