using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Validation;
using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>Each validator of the settings that are values: a sound config passes, each problem is reported in its words, several together.</summary>
public sealed class OptionValidatorTests
{
    [Fact]
    public void Sound_options_pass_every_validator()
    {
        var options = Sound();

        Assert.All(GatewayOptionsValidators.All, v => Assert.True(v.Validate(Options.DefaultName, options).Succeeded, v.GetType().Name));
        Assert.Empty(GatewayOptionsValidators.Problems(options));
    }

    [Fact]
    public void Exchange_settings_out_of_range_are_reported_together()
    {
        var options = Sound();
        options.MessageLifetimeHours = 0;
        options.ClockSkewSeconds = double.NaN;
        options.DatabaseSynchronous = "OFF";
        options.Database = " ";
        options.Telemetry.OtlpEndpoint = "ftp://collector";
        options.LegalBases = [""];
        options.PseudonymKeyId = "k-1";

        var problems = Failures(new ExchangeSettingsValidator(), options);

        Assert.Equal(
        [
            "MessageLifetimeHours must be 0.001 to 720",
            "ClockSkewSeconds must be 0 to 3600",
            "DatabaseSynchronous must be FULL or NORMAL",
            "Database is required",
            "Telemetry.OtlpEndpoint must be an http(s) URL such as http://127.0.0.1:4317",
            "LegalBases: every entry must be a citation of 1 to 256 characters: letters, digits, single spaces and . , / - : ( ) § ' _ &, no space at either end",
            "PseudonymKeyId must be letters and digits",
        ], problems);
    }

    [Fact]
    public void Audit_checkpoint_schedules_out_of_range_are_reported_together()
    {
        var options = Sound();
        options.AuditCheckpointEntries = 0;
        options.AuditCheckpointMinutes = double.NaN;

        Assert.Equal(
            ["AuditCheckpointEntries must be 1 to 10000000", "AuditCheckpointMinutes must be 0.1 to 1440"],
            Failures(new ExchangeSettingsValidator(), options));
    }

    [Theory]
    [InlineData("AL-IT/2019/TRM-MoU art. 6", true)]
    [InlineData("AL-IT/2019/TRM-MoU art. 6\nsee file", false)]
    [InlineData(" AL-IT/2019/TRM-MoU art. 6", false)]
    [InlineData("call +355 69 123 4567", false)]
    public void A_legal_basis_receivers_would_refuse_cannot_be_configured(string legalBasis, bool accepted)
    {
        var options = Sound();
        options.LegalBases = [legalBasis];

        var result = new ExchangeSettingsValidator().Validate(Options.DefaultName, options);

        Assert.Equal(!accepted, result.Failed);
        Assert.All(result.Failures ?? [], p => Assert.StartsWith("LegalBases: every entry must be a citation", p, StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_lifetime_above_the_maximum_is_reported()
    {
        var options = Sound();
        options.MessageLifetimeHours = 100;
        options.MaxMessageLifetimeHours = 50;

        Assert.Equal(["MessageLifetimeHours must not exceed MaxMessageLifetimeHours"], Failures(new ExchangeSettingsValidator(), options));
    }

    [Fact]
    public void Revocation_and_trust_list_timing_problems_are_reported_together()
    {
        var options = Sound();
        options.RevocationMode = "Maybe";
        options.RevocationSoftFailHours = -1;
        options.CrlFetchMinutes = 0;
        options.TrustListPollSeconds = 0;

        Assert.Equal(
        [
            "CrlFetchMinutes must be 0.01 to 10080",
            "TrustListGraceHours must be 0 to 720 and TrustListPollSeconds 0.1 to 86400",
            "RevocationMode must be HardFail or SoftFail",
            "RevocationSoftFailHours must be 0 to 720 and RevocationWarnHours 0 to 1440",
        ], Failures(new RevocationValidator(), options));
    }

    [Fact]
    public void Local_role_problems_and_bad_fingerprints_are_reported_together()
    {
        var options = Sound();
        options.LocalRoles.Add(new LocalRoleOptions { Name = "Case Worker" });
        options.LocalRoles.Add(new LocalRoleOptions { Name = "case-worker", MayRead = ["NOT_A_TYPE"] });
        options.RevokedLocalClients = ["AB:CD"];

        Assert.Equal(
        [
            "LocalRoles: role name 'Case Worker' must be lower-case words joined by '-'",
            "LocalRoles: role 'case-worker': unknown message type 'NOT_A_TYPE'",
            "LocalRoles: role 'case-worker' is defined twice",
            "RevokedLocalClients: every entry must be a SHA-256 fingerprint (64 hex digits)",
        ], Failures(new LocalRolesValidator(), options));
    }

    [Fact]
    public void No_local_role_is_reported()
    {
        var options = Sound();
        options.LocalRoles.Clear();

        Assert.Equal(["LocalRoles: at least one local role is required"], Failures(new LocalRolesValidator(), options));
    }

    [Fact]
    public void Envelope_size_and_flood_limits_are_reported_together()
    {
        var options = Sound();
        options.MaxEnvelopeBytes = 1024;
        options.Limits.MaxConnections = 0;
        options.Limits.RefusalWindowSeconds = double.NaN;

        var problems = Failures(new LimitsValidator(), options);

        Assert.Equal(3, problems.Count);
        Assert.Equal("MaxEnvelopeBytes must be between 65536 and 1073741824", problems[0]);
        Assert.Contains("Limits.RefusalWindowSeconds must be 1 to 86400", problems);
        Assert.Contains("Limits.MaxConnections must be 1 to 100000", problems);
    }

    [Fact]
    public void Every_validator_s_problems_are_listed_at_once()
    {
        var options = Sound();
        options.DispatchParallelism = 0;
        options.RevocationMode = "Maybe";
        options.LocalRoles.Clear();
        options.Limits.MaxConnections = 0;

        var problems = GatewayOptionsValidators.Problems(options).ToList();

        Assert.Contains("DispatchParallelism must be 1 to 256", problems);
        Assert.Contains("RevocationMode must be HardFail or SoftFail", problems);
        Assert.Contains("LocalRoles: at least one local role is required", problems);
        Assert.Contains("Limits.MaxConnections must be 1 to 100000", problems);
        Assert.Equal(4, problems.Count);
    }

    private static List<string> Failures(IValidateOptions<GatewayOptions> validator, GatewayOptions options)
    {
        var result = validator.Validate(Options.DefaultName, options);
        Assert.True(result.Failed);
        return [.. result.Failures!];
    }

    private static GatewayOptions Sound() => new()
    {
        LocalRoles = [new LocalRoleOptions { Name = "case-worker", MaySubmit = ["CASE_REFERRAL"], MayRead = ["CASE_REFERRAL"] }],
        RevokedLocalClients = [new string('A', 64)],
    };
}
