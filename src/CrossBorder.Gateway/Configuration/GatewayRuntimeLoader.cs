using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CertFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// Reads a gateway config file and checks all of it before anything starts: every problem is
/// collected and reported at once (<see cref="GatewayConfigurationException"/>), as YARP's
/// ConfigValidator does.
/// </summary>
internal sealed class GatewayRuntimeLoader
{
    private const int MinEnvelopeBytes = 64 * 1024;
    private const int MaxEnvelopeLimit = 1024 * 1024 * 1024;

    private readonly List<string> _problems = [];
    private readonly TimeProvider _time;
    private readonly string _baseDirectory;
    private readonly string _configName;

    private readonly bool _probePorts;
    private readonly ILoggerFactory _loggers;

    private GatewayRuntimeLoader(string configPath, TimeProvider time, bool probePorts, ILoggerFactory loggers)
    {
        _time = time;
        _probePorts = probePorts;
        _loggers = loggers;
        _baseDirectory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        _configName = Path.GetFileName(configPath);
    }

    /// <summary>
    /// Loads and checks the config file; throws with every problem found. <paramref name="probePorts"/>
    /// checks that the listen ports are free: true to serve, false to act as that gateway's client.
    /// </summary>
    public static GatewayRuntime Load(
        string configPath, TimeProvider time, bool probePorts = true, Action<GatewayOptions>? adjust = null, ILoggerFactory? loggers = null)
    {
        var options = ReadOptions(configPath);
        adjust?.Invoke(options);
        return new GatewayRuntimeLoader(configPath, time, probePorts, loggers ?? NullLoggerFactory.Instance).Check(options);
    }

    /// <summary>Reads the options section of a config file (JSON, then environment variables).</summary>
    public static GatewayOptions ReadOptions(string configPath)
    {
        if (!File.Exists(configPath))
        {
            throw new GatewayConfigurationException([$"config file {configPath} does not exist"]);
        }

        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.GetFullPath(configPath), optional: false, reloadOnChange: false)
                .AddEnvironmentVariables()
                .Build();
            return configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()
                ?? throw new GatewayConfigurationException([$"{configPath}: section {GatewayOptions.Section} is missing"]);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new GatewayConfigurationException([$"{configPath}: {ex.Message}"]);
        }
    }

    private GatewayRuntime Check(GatewayOptions o)
    {
        var participant = Required(o.Participant, nameof(o.Participant), s => ParticipantId.TryParse(s, out var p) ? p : null,
            "must look like AL/NCP");
        var peerListen = Endpoint(o.PeerListen, nameof(o.PeerListen));
        var localListen = Endpoint(o.LocalListen, nameof(o.LocalListen));
        if (peerListen is not null && localListen is not null && peerListen.Port != 0 && peerListen.Equals(localListen))
        {
            Problem($"{nameof(o.PeerListen)} and {nameof(o.LocalListen)} must differ");
        }

        if (o.MaxEnvelopeBytes is < MinEnvelopeBytes or > MaxEnvelopeLimit)
        {
            Problem($"{nameof(o.MaxEnvelopeBytes)} must be between {MinEnvelopeBytes} and {MaxEnvelopeLimit}");
        }

        var tls = KeyPair(o.Tls, nameof(o.Tls));
        var tlsChain = Chain(o.Tls, nameof(o.Tls));
        var signing = KeyPair(o.Signing, nameof(o.Signing));
        var encryption = KeyPair(o.Encryption, nameof(o.Encryption));
        CheckRollover(o.SigningRollover, nameof(o.SigningRollover));
        CheckRollover(o.EncryptionRollover, nameof(o.EncryptionRollover));
        signing?.Dispose();
        encryption?.Dispose();
        if (o.CrlFetchMinutes is < 0.01 or > 24 * 60 * 7)
        {
            Problem($"{nameof(o.CrlFetchMinutes)} must be 0.01 to 10080");
        }

        if (o.TrustListGraceHours is < 0 or > 24 * 30 || o.TrustListPollSeconds is < 0.1 or > 24 * 3600)
        {
            Problem($"{nameof(o.TrustListGraceHours)} must be 0 to 720 and {nameof(o.TrustListPollSeconds)} 0.1 to 86400");
        }

        var revocation = Revocation(o);
        var dataDirectory = Path.GetFullPath(o.DataDirectory, _baseDirectory);
        var operatorCertificate = Certificate(o.OperatorCertificate, nameof(o.OperatorCertificate));
        var trustListPath = ExistingFile(o.TrustList, nameof(o.TrustList));
        var trust = TrustList(trustListPath, operatorCertificate, dataDirectory, TimeSpan.FromHours(o.TrustListGraceHours));
        var localCa = Certificates(o.LocalCaCertificate, nameof(o.LocalCaCertificate));
        var localServer = KeyPair(o.LocalServer, nameof(o.LocalServer));
        var roles = Roles(o.LocalRoles);
        var (policy, policyPath) = Policy(o.Policy);
        var exchange = Exchange(o, dataDirectory);
        var limits = GatewayLimits.From(o.Limits, Problem);
        var revokedClients = o.RevokedLocalClients.Select(f => f.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant()).ToFrozenSet(StringComparer.Ordinal);
        if (revokedClients.Any(f => f.Length != 64 || !f.All(char.IsAsciiHexDigit)))
        {
            Problem($"{nameof(o.RevokedLocalClients)}: every entry must be a SHA-256 fingerprint (64 hex digits)");
        }

        if (trust?.Current is { } snapshot && participant is not null)
        {
            CheckOwnIdentity(snapshot, participant, tls, tlsChain);
        }

        if (_problems.Count > 0)
        {
            throw new GatewayConfigurationException(_problems);
        }

        var keyRings = new KeyRingProvider(KeySource(o), _loggers.CreateLogger<KeyRingProvider>());
        return new GatewayRuntime(participant!, peerListen!, localListen!, tls!, tlsChain ?? [], keyRings,
            trust!, trustListPath!, TimeSpan.FromSeconds(o.TrustListPollSeconds), revocation,
            new CrlStore(Path.Combine(dataDirectory, "crls"), () => trust!.Current, _time, exchange!.ClockSkew), TimeSpan.FromMinutes(o.CrlFetchMinutes), new PolicyInForce(policy!, _loggers.CreateLogger<PolicyInForce>()), policyPath, localCa!, localServer!, roles, o.MaxEnvelopeBytes, dataDirectory, exchange!)
        {
            RevokedLocalClients = revokedClients,
            Limits = limits!,
        };
    }

    private void CheckOwnIdentity(TrustListSnapshot trust, ParticipantId participant, X509Certificate2? tls, X509Certificate2Collection? chain)
    {
        if (trust.Find(participant) is null)
        {
            Problem($"{nameof(GatewayOptions.Participant)}: {participant} is not in the trust list");
            return;
        }

        if (tls is null)
        {
            return;
        }

        // Our own certificate must be ours and not revoked; stale revocation data is the trust
        // list's business (the gateway then starts with exchange suspended), not a config error.
        var ownCheck = new RevocationPolicy(SoftFail: true, Grace: TimeSpan.FromDays(3650), WarnBefore: TimeSpan.Zero);
        var validator = new PeerCertificateValidator(() => trust, _time, ownCheck);
        foreach (var purpose in new[] { CertificatePurpose.TlsServer, CertificatePurpose.TlsClient })
        {
            var check = validator.Validate(tls, chain, purpose, participant);
            if (!check.IsAccepted)
            {
                Problem($"{nameof(GatewayOptions.Tls)}: the certificate is not a valid {purpose} certificate of {participant} under the trust list: {check.Reason.Name()}: {check.Detail}");
            }
        }
    }

    private T? Required<T>(string value, string name, Func<string, T?> parse, string hint)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Problem($"{name} is required");
            return null;
        }

        var parsed = parse(value);
        if (parsed is null)
        {
            Problem($"{name} '{value}' {hint}");
        }

        return parsed;
    }

    private IPEndPoint? Endpoint(string value, string name)
    {
        var endpoint = Required(value, name, s => IPEndPoint.TryParse(s, out var e) ? e : null, "must be an address:port such as 127.0.0.1:47101");
        if (endpoint is null || endpoint.Port == 0 || !_probePorts)
        {
            return endpoint;
        }

        try
        {
            using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(endpoint);
        }
        catch (SocketException ex)
        {
            Problem($"{name} {endpoint}: cannot listen there ({ex.SocketErrorCode}: port in use or address not local)");
        }

        return endpoint;
    }

    private string? ExistingFile(string? path, string name)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            Problem($"{name} is required");
            return null;
        }

        var full = Path.GetFullPath(path, _baseDirectory);
        if (!File.Exists(full))
        {
            Problem($"{name}: file {full} does not exist");
            return null;
        }

        return full;
    }

    private X509Certificate2Collection? Certificates(string? path, string name)
    {
        var full = ExistingFile(path, name);
        if (full is null)
        {
            return null;
        }

        try
        {
            var all = CertFiles.LoadCertificates(full);
            foreach (var certificate in all)
            {
                CheckValidity(certificate, name);
            }

            return all;
        }
        catch (CryptographicException)
        {
            Problem($"{name}: {full} holds no readable certificate (PEM or DER)");
            return null;
        }
    }

    private X509Certificate2? Certificate(string? path, string name)
    {
        var all = Certificates(path, name);
        if (all is { Count: > 1 })
        {
            Problem($"{name}: expected one certificate, found {all.Count}");
        }

        return all?[0];
    }

    private X509Certificate2Collection? Chain(CertificateFiles files, string name) =>
        string.IsNullOrWhiteSpace(files.Chain) ? [] : Certificates(files.Chain, $"{name}.{nameof(files.Chain)}");

    private X509Certificate2? KeyPair(CertificateFiles files, string name)
    {
        var certificatePath = ExistingFile(files.Certificate, $"{name}.{nameof(files.Certificate)}");
        var keyPath = ExistingFile(files.Key, $"{name}.{nameof(files.Key)}");
        if (certificatePath is null || keyPath is null)
        {
            return null;
        }

        try
        {
            var certificate = CertFiles.LoadCertificateWithKey(certificatePath, keyPath);
            CheckValidity(certificate, $"{name}.{nameof(files.Certificate)}");
            return certificate;
        }
        catch (CryptographicException ex)
        {
            Problem($"{name}: {Path.GetFileName(certificatePath)} with {Path.GetFileName(keyPath)}: {ex.Message}");
            return null;
        }
    }

    private (MinimizationPolicy? Policy, string? Path) Policy(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return (PolicyLoader.LoadDefault(), null);
        }

        var full = ExistingFile(path, nameof(GatewayOptions.Policy));
        if (full is null)
        {
            return (null, null);
        }

        var result = PolicyLoader.LoadFile(full);
        foreach (var error in result.Errors)
        {
            Problem($"{nameof(GatewayOptions.Policy)}: {error}");
        }

        return (result.Policy, full);
    }

    private ExchangeSettings? Exchange(GatewayOptions o, string dataDirectory)
    {
        Range(o.MessageLifetimeHours, 0.001, 24 * 30, nameof(o.MessageLifetimeHours));
        Range(o.MaxMessageLifetimeHours, 0.001, 24 * 365, nameof(o.MaxMessageLifetimeHours));
        Range(o.ClockSkewSeconds, 0, 3600, nameof(o.ClockSkewSeconds));
        Range(o.RetryInitialSeconds, 0.01, 3600, nameof(o.RetryInitialSeconds));
        Range(o.RetryMaxSeconds, 0.01, 24 * 3600, nameof(o.RetryMaxSeconds));
        Range(o.DeliveryTimeoutSeconds, 0.1, 600, nameof(o.DeliveryTimeoutSeconds));
        Range(o.DispatchParallelism, 1, 256, nameof(o.DispatchParallelism));
        Range(o.InboxRetentionHours, 0, 24 * 3650, nameof(o.InboxRetentionHours));
        if (o.MessageLifetimeHours > o.MaxMessageLifetimeHours)
        {
            Problem($"{nameof(o.MessageLifetimeHours)} must not exceed {nameof(o.MaxMessageLifetimeHours)}");
        }

        if (o.DatabaseSynchronous is not ("FULL" or "NORMAL"))
        {
            Problem($"{nameof(o.DatabaseSynchronous)} must be FULL or NORMAL");
        }

        if (string.IsNullOrWhiteSpace(o.Database))
        {
            Problem($"{nameof(o.Database)} is required");
        }

        Uri? otlp = null;
        if (!string.IsNullOrWhiteSpace(o.Telemetry.OtlpEndpoint)
            && (!Uri.TryCreate(o.Telemetry.OtlpEndpoint, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            Problem($"{nameof(o.Telemetry)}.{nameof(o.Telemetry.OtlpEndpoint)} must be an http(s) URL such as http://127.0.0.1:4317");
        }

        if (o.LegalBases.Any(b => b.Trim().Length is 0 or > 256))
        {
            Problem($"{nameof(o.LegalBases)}: every entry must be 1 to 256 characters");
        }

        var keys = PseudonymKeys(o, dataDirectory);
        return keys is null ? null : new ExchangeSettings(
            Path.GetFullPath(o.Database, dataDirectory),
            o.DatabaseSynchronous,
            TimeSpan.FromHours(o.MessageLifetimeHours),
            TimeSpan.FromHours(o.MaxMessageLifetimeHours),
            TimeSpan.FromSeconds(o.ClockSkewSeconds),
            new Core.Exchange.RetrySchedule(TimeSpan.FromSeconds(o.RetryInitialSeconds), TimeSpan.FromSeconds(o.RetryMaxSeconds)),
            TimeSpan.FromSeconds(o.DeliveryTimeoutSeconds),
            o.DispatchParallelism,
            TimeSpan.FromHours(o.InboxRetentionHours),
            keys,
            o.Telemetry.Console,
            otlp,
            o.LegalBases.Select(b => b.Trim()).Where(b => b.Length > 0).ToFrozenSet(StringComparer.Ordinal));
    }

    private DerivedPseudonymKeySource? PseudonymKeys(GatewayOptions o, string dataDirectory)
    {
        if (string.IsNullOrEmpty(o.PseudonymKeyId) || !o.PseudonymKeyId.All(char.IsAsciiLetterOrDigit))
        {
            Problem($"{nameof(o.PseudonymKeyId)} must be letters and digits");
            return null;
        }

        var configured = !string.IsNullOrWhiteSpace(o.PseudonymSecret);
        var path = configured ? Path.GetFullPath(o.PseudonymSecret, _baseDirectory) : Path.Combine(dataDirectory, "pseudonym.secret");
        try
        {
            if (!configured && !File.Exists(path) && _probePorts)
            {
                PrivateFolder.Create(dataDirectory);
                var created = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, create);
                using var writer = new StreamWriter(stream);
                writer.WriteLine(created);
            }

            if (!File.Exists(path))
            {
                if (configured)
                {
                    Problem($"{nameof(o.PseudonymSecret)}: file {path} does not exist");
                    return null;
                }

                // A client of the gateway (probePorts false) never pseudonymizes.
                return new DerivedPseudonymKeySource(new byte[32], o.PseudonymKeyId);
            }

            var secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (secret.Length < 32)
            {
                Problem($"{nameof(o.PseudonymSecret)}: {path} must hold at least 32 bytes (base64)");
                return null;
            }

            return new DerivedPseudonymKeySource(secret, o.PseudonymKeyId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            Problem($"{nameof(o.PseudonymSecret)}: {path} cannot be read or created ({ex.GetType().Name})");
            return null;
        }
    }

    private void Range(double value, double min, double max, string name)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Problem($"{name} must be {min} to {max}");
        }
    }

    private RevocationPolicy Revocation(GatewayOptions o)
    {
        var soft = o.RevocationMode switch
        {
            "HardFail" => false,
            "SoftFail" => true,
            _ => Fail($"{nameof(o.RevocationMode)} must be HardFail or SoftFail"),
        };
        if (o.RevocationSoftFailHours is < 0 or > 24 * 30 || o.RevocationWarnHours is < 0 or > 24 * 60)
        {
            Problem($"{nameof(o.RevocationSoftFailHours)} must be 0 to 720 and {nameof(o.RevocationWarnHours)} 0 to 1440");
        }

        return new RevocationPolicy(soft, TimeSpan.FromHours(o.RevocationSoftFailHours), TimeSpan.FromHours(o.RevocationWarnHours));

        bool Fail(string text)
        {
            Problem(text);
            return false;
        }
    }

    private void CheckRollover(List<CertificateFiles> rollover, string name)
    {
        for (var i = 0; i < rollover.Count; i++)
        {
            KeyPair(rollover[i], $"{name}[{i}]")?.Dispose();
        }
    }

    /// <summary>The key files of the checked config, main certificate first, as the key rings read them (now and on every change).</summary>
    private FileKeySource KeySource(GatewayOptions o)
    {
        KeyFilePair Pair(CertificateFiles files) =>
            new(Path.GetFullPath(files.Certificate, _baseDirectory), Path.GetFullPath(files.Key, _baseDirectory));
        var chain = string.IsNullOrWhiteSpace(o.Tls.Chain) ? null : Path.GetFullPath(o.Tls.Chain, _baseDirectory);
        return new FileKeySource(
            [Pair(o.Signing), .. o.SigningRollover.Select(Pair)],
            [Pair(o.Encryption), .. o.EncryptionRollover.Select(Pair)],
            chain);
    }

    private void CheckValidity(X509Certificate2 certificate, string name)
    {
        var now = _time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime())
        {
            Problem($"{name}: certificate {certificate.Subject} is not valid before {certificate.NotBefore.ToUniversalTime():u}");
        }
        else if (now > certificate.NotAfter.ToUniversalTime())
        {
            Problem($"{name}: certificate {certificate.Subject} expired on {certificate.NotAfter.ToUniversalTime():u}");
        }
    }

    private TrustListManager? TrustList(string? path, X509Certificate2? operatorCertificate, string dataDirectory, TimeSpan grace)
    {
        if (path is null || operatorCertificate is null)
        {
            return null;
        }

        try
        {
            var store = new FileTrustStateStore(Path.Combine(dataDirectory, "trust-state.json"));
            var manager = new TrustListManager(operatorCertificate, store, _time, grace, _loggers.CreateLogger("CrossBorder.Trust"));
            manager.Offer(File.ReadAllBytes(path));
            return manager;
        }
        catch (RejectedException ex)
        {
            Problem($"{nameof(GatewayOptions.TrustList)}: {path} refused: {ex.Reason.Name()}: {ex.Message}");
            return null;
        }
        catch (InvalidDataException ex)
        {
            Problem($"{nameof(GatewayOptions.DataDirectory)}: {ex.Message}");
            return null;
        }
    }

    private FrozenDictionary<string, LocalRole> Roles(List<LocalRoleOptions> roles)
    {
        if (roles.Count == 0)
        {
            Problem($"{nameof(GatewayOptions.LocalRoles)}: at least one local role is required");
        }

        var result = new Dictionary<string, LocalRole>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (!LocalClientId.IsValidRole(role.Name))
            {
                Problem($"{nameof(GatewayOptions.LocalRoles)}: role name '{role.Name}' must be lower-case words joined by '-'");
                continue;
            }

            if (!result.TryAdd(role.Name, new LocalRole(role.Name, Types(role.MaySubmit, role.Name), Types(role.MayRead, role.Name))))
            {
                Problem($"{nameof(GatewayOptions.LocalRoles)}: role '{role.Name}' is defined twice");
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private FrozenSet<MessageType> Types(List<string> names, string role)
    {
        var types = new HashSet<MessageType>();
        foreach (var name in names)
        {
            if (ProtoEnumNames<MessageType>.TryParse(name, out var type))
            {
                types.Add(type);
            }
            else
            {
                Problem($"{nameof(GatewayOptions.LocalRoles)}: role '{role}': unknown message type '{name}'");
            }
        }

        return types.ToFrozenSet();
    }

    private void Problem(string text) => _problems.Add($"{_configName}: {text}");
}
