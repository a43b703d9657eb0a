using CrossBorder.Core.Policy;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Loading;
using CrossBorder.Gateway.Configuration.Validation;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The pseudonym secret: a configured file must exist and hold 32 bytes or more; the default one is made, private, only by a serving gateway.</summary>
public sealed class PseudonymKeyFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly OptionProblems _problems = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_configured_secret_that_is_missing_is_reported()
    {
        Assert.Null(Load("country.secret"));

        Assert.Equal([$"PseudonymSecret: file {_directory.File("country.secret")} does not exist"], _problems.All);
    }

    [Fact]
    public void A_directory_where_the_secret_belongs_is_reported_as_missing()
    {
        Directory.CreateDirectory(_directory.File("country.secret"));

        Assert.Null(Load("country.secret"));

        Assert.Equal([$"PseudonymSecret: file {_directory.File("country.secret")} does not exist"], _problems.All);
    }

    [Fact]
    public void A_secret_shorter_than_32_bytes_is_reported()
    {
        File.WriteAllText(_directory.File("country.secret"), Convert.ToBase64String(new byte[31]));

        Assert.Null(Load("country.secret"));

        Assert.Equal([$"PseudonymSecret: {_directory.File("country.secret")} must hold at least 32 bytes (base64)"], _problems.All);
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_reported_without_its_content()
    {
        File.WriteAllText(_directory.File("country.secret"), "this is not base64 !");

        Assert.Null(Load("country.secret"));

        Assert.Equal([$"PseudonymSecret: {_directory.File("country.secret")} cannot be read or created (FormatException)"], _problems.All);
    }

    [Fact]
    public void A_serving_gateway_makes_the_default_secret_readable_only_by_its_owner()
    {
        Assert.NotNull(Load("", createIfMissing: true));

        var secret = _directory.File("data/pseudonym.secret");
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(secret).Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        }

        Assert.Empty(_problems.All);
    }

    [Fact]
    public void A_client_of_the_gateway_makes_no_secret()
    {
        Assert.NotNull(Load("", createIfMissing: false));

        Assert.False(File.Exists(_directory.File("data/pseudonym.secret")));
        Assert.Empty(_problems.All);
    }

    [Fact]
    public void A_bad_key_id_is_left_to_its_validator()
    {
        var options = new GatewayOptions { PseudonymKeyId = "k-1", PseudonymSecret = "country.secret" };

        Assert.Null(PseudonymKeyFile.Load(options, Reader(), _directory.File("data"), createIfMissing: false));

        Assert.Empty(_problems.All);
        Assert.Contains("PseudonymKeyId must be letters and digits", GatewayOptionsValidators.Problems(options));
    }

    private DerivedPseudonymKeySource? Load(string secret, bool createIfMissing = false) =>
        PseudonymKeyFile.Load(new GatewayOptions { PseudonymSecret = secret }, Reader(), _directory.File("data"), createIfMissing);

    private ConfigFileReader Reader() => new(_directory.Path, TimeProvider.System, _problems);
}
