using System.Collections.Frozen;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration.Loading;
using CrossBorder.Gateway.Configuration.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// Reads a gateway config file and checks all of it before anything is built, as YARP's
/// ConfigValidator does: every value validator (<see cref="GatewayOptionsValidators"/>) and every
/// file checker (<see cref="Loading"/>, each reading its files once and keeping what it read) adds
/// to one list, and the config is refused with every problem at once
/// (<see cref="GatewayConfigurationException"/>); otherwise the <see cref="GatewayRuntime"/> snapshot
/// is made from what the checkers read.
/// </summary>
internal static class GatewayRuntimeLoader
{
    /// <summary>
    /// Loads and checks the config file; throws with every problem found. <paramref name="probePorts"/>
    /// checks that the listen ports are free: true to serve, false to act as that gateway's client.
    /// </summary>
    public static GatewayRuntime Load(
        string configPath, TimeProvider time, bool probePorts = true, Action<GatewayOptions>? adjust = null, ILoggerFactory? loggers = null)
    {
        var o = ReadOptions(configPath);
        adjust?.Invoke(o);
        loggers ??= NullLoggerFactory.Instance;
        var problems = new OptionProblems();
        var files = new ConfigFileReader(Path.GetDirectoryName(Path.GetFullPath(configPath))!, time, problems);

        // The settings that are values first, each concern by its validator; then who we are and
        // where we listen; then the files, each concern by its checker.
        foreach (var problem in GatewayOptionsValidators.Problems(o))
        {
            problems.Add(problem);
        }

        var participant = OwnIdentityCheck.Participant(o, problems);
        var (peerListen, localListen, opsListen) = EndpointsCheck.Check(o, problems, probePorts);
        var (tls, tlsChain) = TlsIdentityFiles.Load(o, files);
        KeyRingFiles.Check(o, files);
        var retiredSigners = KeyRingFiles.Retired(o, files);
        var dataDirectory = files.FullPath(o.DataDirectory);
        var (trust, trustListPath) = TrustListFile.Load(o, files, dataDirectory, loggers);
        var (localCa, localServer) = LocalFaceFiles.Load(o, files);
        var (policy, policyPath) = PolicyFile.Load(o, files);
        var pseudonymKeys = PseudonymKeyFile.Load(o, files, dataDirectory, createIfMissing: probePorts);
        var metricsToken = MetricsTokenFile.Load(o, files, dataDirectory, createIfMissing: probePorts);
        var postgres = PostgresConnection.Load(o, files);
        if (trust?.Current is { } snapshot && participant is not null)
        {
            OwnIdentityCheck.Check(snapshot, participant, tls, tlsChain, time, problems);
        }

        if (problems.All.Count > 0)
        {
            var configName = Path.GetFileName(configPath);
            throw new GatewayConfigurationException([.. problems.All.Select(p => $"{configName}: {p}")]);
        }

        // Every checker passed, so nothing below is null and every value is in range.
        var revocation = new RevocationPolicy(o.RevocationMode == "SoftFail", TimeSpan.FromHours(o.RevocationSoftFailHours), TimeSpan.FromHours(o.RevocationWarnHours));
        var exchange = ExchangeSettings.From(o, dataDirectory, pseudonymKeys!, postgres);
        var crls = new CrlStore(Path.Combine(dataDirectory, "crls"), () => trust!.Current, time, exchange.ClockSkew);
        var keyRings = new KeyRingProvider(KeyRingFiles.Source(o, files), loggers.CreateLogger<KeyRingProvider>());
        return new GatewayRuntime(participant!, peerListen!, localListen!, tls!, tlsChain!, keyRings,
            trust!, trustListPath!, TimeSpan.FromSeconds(o.TrustListPollSeconds), revocation, crls, TimeSpan.FromMinutes(o.CrlFetchMinutes),
            new PolicyInForce(policy!, loggers.CreateLogger<PolicyInForce>()), policyPath, localCa!, localServer!, LocalRoles.From(o.LocalRoles).ByName,
            o.MaxEnvelopeBytes, dataDirectory, exchange)
        {
            RevokedLocalClients = o.RevokedLocalClients.Select(LocalRolesValidator.Fingerprint).ToFrozenSet(StringComparer.Ordinal),
            RetiredSigningCertificates = retiredSigners!,
            Limits = GatewayLimits.From(o.Limits, _ => { })!,
            Ops = new OpsSettings(opsListen!, TimeSpan.FromMinutes(o.Ops.SessionMinutes), TimeSpan.FromMinutes(o.Ops.LoginMinutes),
                OpsSettings.FolderIn(dataDirectory), metricsToken!),
            Options = o,
        };
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
}
