using System.CommandLine;
using System.Text.RegularExpressions;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder trust verify</c>: RFC 5280 path validation to explicit anchors with the rules of
/// CRYPTO.md (<c>trust verify</c> semantics), for partners' test harnesses. Prints <c>valid</c> and
/// the path; a refusal is one <c>rejected: CODE: reason</c> line.
/// </summary>
internal static partial class TrustCommands
{
    private static readonly Dictionary<string, CertificatePurpose> Purposes = new(StringComparer.Ordinal)
    {
        ["any"] = CertificatePurpose.Any,
        ["signing"] = CertificatePurpose.Signing,
        ["encryption"] = CertificatePurpose.Encryption,
        ["tls-client"] = CertificatePurpose.TlsClient,
        ["tls-server"] = CertificatePurpose.TlsServer,
    };

    public static Command Create(CliContext context)
    {
        var anchor = Many("--anchor", "Trusted anchor certificates (PEM or DER), self-signed or not; repeat for several", required: true);
        var intermediates = Many("--intermediates", "Untrusted certificates to build the path from", required: false);
        var leaf = new Option<string>("--leaf") { Description = "The certificate to validate (PEM or DER)", Required = true };
        var crl = Many("--crl", "CRLs (PEM or DER); with any, every certificate of the path but the anchor must be covered", required: false);
        var at = new Option<string?>("--at") { Description = "Validation time, YYYY-MM-DDTHH:MM:SSZ (default now)" };
        var purpose = new Option<string>("--purpose")
        {
            Description = "What the leaf is for: any (no leaf key usage check), signing, encryption, tls-client, tls-server",
            DefaultValueFactory = _ => "any",
        };
        purpose.AcceptOnlyFromAmong([.. Purposes.Keys]);
        var maxDepth = new Option<int?>("--max-depth")
        {
            Description = "How many intermediates may stand between leaf and anchor, self-issued ones not counted (default: the validator's bound of 16)",
        };
        var policy = Many("--policy", "An initial policy OID (RFC 5280 user-initial-policy-set); repeat for several (default: any policy)", required: false);
        var explicitPolicy = new Option<bool>("--explicit-policy") { Description = "Require a valid policy (initial-explicit-policy)" };
        var inhibitMapping = new Option<bool>("--inhibit-policy-mapping") { Description = "Refuse policy mappings (initial-policy-mapping-inhibit)" };
        var inhibitAny = new Option<bool>("--inhibit-any-policy") { Description = "anyPolicy in certificates matches nothing (initial-any-policy-inhibit)" };

        var verify = new Command("verify", "Validate a certificate's path to the anchors (RFC 5280 section 6 and the crypto profile)")
        {
            anchor, intermediates, leaf, crl, at, purpose, maxDepth, policy, explicitPolicy, inhibitMapping, inhibitAny,
        };
        verify.SetAction(async (parse, token) =>
        {
            var anchors = InputFiles.Certificates("--anchor", parse.GetRequiredValue(anchor));
            var untrusted = InputFiles.Certificates("--intermediates", parse.GetValue(intermediates) ?? []);
            var certificate = InputFiles.Certificate("--leaf", parse.GetRequiredValue(leaf));
            var crls = InputFiles.Crls("--crl", parse.GetValue(crl) ?? []);
            var when = InputFiles.Time(parse.GetValue(at)) ?? context.Time.GetUtcNow();
            // Checked here rather than in option validators: a validator that reads a value the
            // parser could not convert throws from Parse, before any error handling.
            var depth = parse.GetValue(maxDepth);
            if (depth < 0)
            {
                throw new UsageException("--max-depth must be 0 or more");
            }

            var policies = parse.GetValue(policy) is { Length: > 0 } oids ? oids : [PolicySettings.AnyPolicy];
            if (policies.FirstOrDefault(oid => !Oid().IsMatch(oid)) is { } bad)
            {
                throw new UsageException($"--policy '{bad}' is not a dotted OID");
            }

            var request = new PathValidationRequest(certificate, [.. anchors], when)
            {
                Intermediates = [.. untrusted],
                Crls = crls,
                Purpose = Purposes[parse.GetRequiredValue(purpose)],
                MaxDepth = depth,
                Policy = new PolicySettings
                {
                    InitialPolicies = policies,
                    ExplicitPolicy = parse.GetValue(explicitPolicy),
                    InhibitPolicyMapping = parse.GetValue(inhibitMapping),
                    InhibitAnyPolicy = parse.GetValue(inhibitAny),
                },
            };

            var result = new PathValidator().Validate(request);
            if (!result.IsValid)
            {
                throw Reject.Because(result.Check.Reason, result.Check.Detail);
            }

            await context.Out.WriteLineAsync("valid").ConfigureAwait(false);
            for (var i = 0; i < result.Path.Count; i++)
            {
                await context.Out.WriteLineAsync($"depth {i}: {result.Path[i].Subject}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        return new Command("trust", "Certificate path validation (the partner interop surface)") { verify };
    }

    private static Option<string[]> Many(string name, string description, bool required) => new(name)
    {
        Description = description,
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    };

    [GeneratedRegex(@"^[0-2](\.(0|[1-9][0-9]*))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Oid();
}
