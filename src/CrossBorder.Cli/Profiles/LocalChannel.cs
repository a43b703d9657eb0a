using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Core.Trust.PathValidation;
using Grpc.Net.Client;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Cli.Profiles;

/// <summary>A channel from a local client to its gateway's local face, as a client profile describes it.</summary>
internal static class LocalChannel
{
    private static readonly HashSet<string> ProfileFields = [.. typeof(ClientProfile).GetProperties().Select(p => p.Name)];

    /// <summary>
    /// Reads a client profile strictly: a property the profile does not define, or one given
    /// twice, is refused with UNKNOWN_FIELD instead of being ignored or overriding the first.
    /// </summary>
    public static ClientProfile ReadProfile(string path)
    {
        var text = File.ReadAllText(path);
        using (var document = JsonDocument.Parse(text))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("a client profile is a JSON object");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!ProfileFields.Contains(property.Name) || !seen.Add(property.Name))
                {
                    var name = property.Name.Length <= 64 ? property.Name : property.Name[..64] + "…";
                    throw Reject.Because(ReasonCode.UnknownField, $"client profile {path}: '{name}' is {(seen.Contains(property.Name) ? "given twice" : "not a field of a client profile")}");
                }
            }
        }

        var profile = JsonSerializer.Deserialize<ClientProfile>(text)
            ?? throw new IOException($"client profile {path} is empty");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        profile.Certificate = Path.GetFullPath(profile.Certificate, directory);
        profile.Key = Path.GetFullPath(profile.Key, directory);
        profile.GatewayCa = Path.GetFullPath(profile.GatewayCa, directory);
        return profile;
    }

    public static GrpcChannel Create(ClientProfile profile, TimeProvider time, int maxMessageBytes)
    {
        var certificate = CertificateFiles.LoadCertificateWithKey(profile.Certificate, profile.Key);
        var gatewayCa = CertificateFiles.LoadCertificates(profile.GatewayCa);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificateContext = SslStreamCertificateContext.Create(certificate, [], offline: true),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = TlsChainPolicy.Offline(),
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                    server is X509Certificate2 s
                    && new PathValidator().Validate(new PathValidationRequest(s, [.. gatewayCa], time.GetUtcNow())
                    {
                        RevocationRequired = false,
                        Purpose = CertificatePurpose.TlsServer,
                    }).IsValid,
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        return GrpcChannel.ForAddress(profile.Gateway, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
        });
    }
}
