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
using CrossBorder.Gateway.Configuration.Validation;
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
        // The settings that are values first, each concern by its validator; then the files, as they are read.
        foreach (var problem in GatewayOptionsValidators.Problems(o))
        {
            Problem(problem);
        }

        var participant = Required(o.Participant, nameof(o.Participant), s => ParticipantId.TryParse(s, out var p) ? p : null,
            "must look like AL/NCP");
        var peerListen = Endpoint(o.PeerListen, nameof(o.PeerListen));
        var localListen = Endpoint(o.LocalListen, nameof(o.LocalListen));
        if (peerListen is not null && localListen is not null && peerListen.Port != 0 && peerListen.Equals(localListen))
        {
            Problem($"{nameof(o.PeerListen)} and {nameof(o.LocalListen)} must differ");
        }

        var tls = KeyPair(o.Tls, nameof(o.Tls));
        var tlsChain = Chain(o.Tls, nameof(o.Tls));
        var signing = KeyPair(o.Signing, nameof(o.Signing));
        var encryption = KeyPair(o.Encryption, nameof(o.Encryption));
        CheckRollover(o.SigningRollover, nameof(o.SigningRollover));
        CheckRollover(o.EncryptionRollover, nameof(o.EncryptionRollover));
        signing?.Dispose();
        encryption?.Dispose();
        var dataDirectory = Path.GetFullPath(o.DataDirectory, _baseDirectory);
        var operatorCertificate = Certificate(o.OperatorCertificate, nameof(o.OperatorCertificate));
        var trustListPath = ExistingFile(o.TrustList, nameof(o.TrustList));
        var trust = o.TrustListGraceHours is >= 0 and <= 24 * 30 ? TrustList(trustListPath, operatorCertificate, dataDirectory, TimeSpan.FromHours(o.TrustListGraceHours)) : null;
        var localCa = Certificates(o.LocalCaCertificate, nameof(o.LocalCaCertificate));
        var localServer = KeyPair(o.LocalServer, nameof(o.LocalServer));
        var (policy, policyPath) = Policy(o.Policy);
        var keys = PseudonymKeys(o, dataDirectory);

        if (trust?.Current is { } snapshot && participant is not null)
        {
            CheckOwnIdentity(snapshot, participant, tls, tlsChain);
        }

        if (_problems.Count > 0)
        {
            throw new GatewayConfigurationException(_problems);
        }

        var revocation = new RevocationPolicy(o.RevocationMode == "SoftFail", TimeSpan.FromHours(o.RevocationSoftFailHours), TimeSpan.FromHours(o.RevocationWarnHours));
        var roles = Roles(o.LocalRoles);
        var exchange = Exchange(o, dataDirectory, keys!);
        var limits = GatewayLimits.From(o.Limits, _ => { });
        var revokedClients = o.RevokedLocalClients.Select(LocalRolesValidator.Fingerprint).ToFrozenSet(StringComparer.Ordinal);

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

    /// <summary>The exchange settings of options the validators passed.</summary>
    private static ExchangeSettings Exchange(GatewayOptions o, string dataDirectory, DerivedPseudonymKeySource keys)
    {
        var otlp = string.IsNullOrWhiteSpace(o.Telemetry.OtlpEndpoint) ? null : ExchangeSettingsValidator.OtlpEndpoint(o);
        return new ExchangeSettings(
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
        if (!ExchangeSettingsValidator.IsPseudonymKeyId(o.PseudonymKeyId))
        {
            return null; // reported by the validator
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
        if (now < new DateTimeOffset(certificate.NotBefore.ToUniversalTime()))
        {
            Problem($"{name}: certificate {certificate.Subject} is not valid before {certificate.NotBefore.ToUniversalTime():u}");
        }
        else if (now > new DateTimeOffset(certificate.NotAfter.ToUniversalTime()))
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

    /// <summary>The local roles of options the validators passed.</summary>
    private static FrozenDictionary<string, LocalRole> Roles(List<LocalRoleOptions> roles) =>
        roles.ToFrozenDictionary(r => r.Name, r => new LocalRole(r.Name, Types(r.MaySubmit), Types(r.MayRead)), StringComparer.Ordinal);

    private static FrozenSet<MessageType> Types(List<string> names) =>
        names.Select(n => ProtoEnumNames<MessageType>.TryParse(n, out var type) ? type : throw new InvalidOperationException("unchecked message type")).ToFrozenSet();

    private void Problem(string text) => _problems.Add($"{_configName}: {text}");
}
