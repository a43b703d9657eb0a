using CrossBorder.Core.Trust;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>dev-pki init</c> creates a federation once, keeps an existing one untouched unless
/// <c>--force</c> is given, and writes keys for their owner only. Each test has its own folder,
/// so these run alongside the gateway tests.
/// </summary>
public sealed class DevPkiInitTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Init_twice_without_force_leaves_every_file_byte_identical()
    {
        using var directory = new TempDirectory();
        var federation = directory.File("federation");
        var created = await CliRunner.RunAsync("dev-pki", "init", "--out", federation);
        var before = Snapshot(federation);

        var again = await CliRunner.RunAsync("dev-pki", "init", "--out", federation);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already exists", again.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("created", again.Out, StringComparison.Ordinal);
        var after = Snapshot(federation);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, file => Assert.True(file.Value.AsSpan().SequenceEqual(after[file.Key]), $"{file.Key} changed"));
    }

    [Fact]
    public async Task Init_with_force_recreates_the_federation()
    {
        using var directory = new TempDirectory();
        var federation = directory.File("federation");
        var trustList = Path.Combine(federation, "trustlist.p7s");
        await CliRunner.RunAsync("dev-pki", "init", "--out", federation);
        var before = Snapshot(federation);

        var forced = await CliRunner.RunAsync("dev-pki", "init", "--out", federation, "--force");

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("created", forced.Out, StringComparison.Ordinal);
        var after = Snapshot(federation);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.False(before[trustList].AsSpan().SequenceEqual(after[trustList]), "the trust list was not recreated");
        var operatorKey = Path.Combine(federation, "operator", "operator.key");
        Assert.False(before[operatorKey].AsSpan().SequenceEqual(after[operatorKey]), "the operator key was not recreated");
        AssertKeysOwnerOnly(federation);
    }

    [Fact]
    public async Task Init_writes_owner_only_keys_readable_certificates_and_a_trust_list_the_operator_signed()
    {
        using var directory = new TempDirectory();
        var federation = directory.File("federation");

        var created = await CliRunner.RunAsync("dev-pki", "init", "--out", federation);

        Assert.True(created.ExitCode == 0, created.ToString());
        AssertKeysOwnerOnly(federation);
        var certificates = Directory.GetFiles(federation, "*.crt", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(federation, "chain.pem", SearchOption.AllDirectories))
            .ToList();
        Assert.NotEmpty(certificates);
        Assert.All(certificates, path => Assert.NotEmpty(CertificateFiles.LoadCertificates(path)));

        var pinned = CertificateFiles.LoadCertificate(Path.Combine(federation, "operator", "operator.crt"));
        var trust = TrustListCodec.Open(File.ReadAllBytes(Path.Combine(federation, "trustlist.p7s")), pinned);
        Assert.Equal(["AL", "GR", "IT"], trust.Countries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["AL/CONSULAR", "AL/NCP", "AL/POLICE", "GR/NCP", "IT/NCP", "IT/POLICE"],
            trust.Participants.Keys.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    private static void AssertKeysOwnerOnly(string federation)
    {
        var keys = Directory.GetFiles(federation, "*.key", SearchOption.AllDirectories);

        // Per country 2 CA keys, the operator's, per participant 5 (signing, encryption, TLS,
        // local CA, local server) and one per local client: 6 + 1 + 30 + 9.
        Assert.Equal(46, keys.Length);
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes there
        }

        foreach (var key in keys)
        {
            Assert.True(File.GetUnixFileMode(key) == OwnerReadWrite, $"{key} has mode {File.GetUnixFileMode(key)}");
        }
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(path => path, File.ReadAllBytes, StringComparer.Ordinal);
}
