using System.Text.Json;
using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// Modified copies of a participant's gateway config: read with every path made absolute, so
/// that the copy can live in a test's own folder and point at the federation's files, except
/// where the test points it elsewhere.
/// </summary>
internal static class GatewayConfigs
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static GatewayOptions ReadAbsolute(string configPath)
    {
        var options = GatewayRuntimeLoader.ReadOptions(configPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        string Absolute(string path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, directory);
        void AbsoluteFiles(CertificateFiles files)
        {
            files.Certificate = Absolute(files.Certificate);
            files.Key = Absolute(files.Key);
            files.Chain = files.Chain is null ? null : Absolute(files.Chain);
        }

        AbsoluteFiles(options.Tls);
        AbsoluteFiles(options.Signing);
        AbsoluteFiles(options.Encryption);
        AbsoluteFiles(options.LocalServer);
        options.TrustList = Absolute(options.TrustList);
        options.OperatorCertificate = Absolute(options.OperatorCertificate);
        options.LocalCaCertificate = Absolute(options.LocalCaCertificate);
        options.DataDirectory = Absolute(options.DataDirectory);
        return options;
    }

    /// <summary>Writes <paramref name="options"/> as a config file in <paramref name="directory"/>; returns its path.</summary>
    public static string Write(string directory, GatewayOptions options, string fileName = "gateway.json")
    {
        var path = Path.Combine(directory, fileName);
        var document = new Dictionary<string, object> { ["CrossBorder"] = new Dictionary<string, object> { ["Gateway"] = options } };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json));
        return path;
    }
}
