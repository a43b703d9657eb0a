using System.CommandLine;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder cms seal|open</c>: the offline interop surface of CRYPTO.md, for partners'
/// test harnesses. Output is written atomically and only on success.
/// </summary>
internal static class CmsCommands
{
    public static Command Create(CliContext context)
    {
        var sealIn = Required("--in", "The content to seal");
        var signerCert = Required("--signer-cert", "The signer's certificate (PEM or DER)");
        var signerKey = Required("--signer-key", "The signer's PKCS#8 key");
        var signerChain = Many("--signer-chain", "Certificates to embed with the signer's", required: false);
        var recipient = Many("--recipient", "A recipient certificate (EC P-256 or RSA); repeat for several", required: true);
        var sealOut = Required("--out", "Where to write the DER ContentInfo(AuthEnvelopedData)");
        var seal = new Command("seal", "Sign (CMS SignedData) then encrypt (AuthEnvelopedData, AES-256-GCM) to each recipient")
        {
            sealIn, signerCert, signerKey, signerChain, recipient, sealOut,
        };
        seal.SetAction(parse =>
        {
            var content = InputFiles.Bytes("--in", parse.GetRequiredValue(sealIn), SchemaInfo.DefaultMaxEnvelopeBytes);
            var certificate = InputFiles.Certificate("--signer-cert", parse.GetRequiredValue(signerCert));
            using var key = InputFiles.Key("--signer-key", parse.GetRequiredValue(signerKey), certificate);
            var chain = InputFiles.Certificates("--signer-chain", parse.GetValue(signerChain) ?? []);
            var recipients = InputFiles.Certificates("--recipient", parse.GetRequiredValue(recipient));
            var sealedBytes = CmsEnvelope.Seal(content, certificate, key, chain, [.. recipients], context.Time.GetUtcNow());
            AtomicFile.Write(parse.GetRequiredValue(sealOut), sealedBytes);
            return ExitCodes.Ok;
        });

        var openIn = Required("--in", "The DER envelope to open");
        var recipientCert = Required("--recipient-cert", "Our encryption certificate");
        var recipientKey = Required("--recipient-key", "Its PKCS#8 key");
        var anchor = Many("--anchor", "Trusted anchor certificates; repeat for several", required: true);
        var intermediates = Many("--intermediates", "Untrusted intermediate certificates", required: false);
        var crl = Many("--crl", "CRLs (PEM or DER); with any, every non-anchor certificate of the path must be covered", required: false);
        var at = new Option<string?>("--at") { Description = "Validation time, YYYY-MM-DDTHH:MM:SSZ (default now)" };
        var openOut = Required("--out", "Where to write the content");
        var open = new Command("open", "Decrypt, verify the signature, validate the signer's path; write the content")
        {
            openIn, recipientCert, recipientKey, anchor, intermediates, crl, at, openOut,
        };
        open.SetAction(async (parse, token) =>
        {
            var envelope = InputFiles.Bytes("--in", parse.GetRequiredValue(openIn), SchemaInfo.DefaultMaxEnvelopeBytes);
            var certificate = InputFiles.Certificate("--recipient-cert", parse.GetRequiredValue(recipientCert));
            using var key = InputFiles.Key("--recipient-key", parse.GetRequiredValue(recipientKey), certificate);
            using var recipientKeyPair = RecipientKey.Create(certificate, key);
            var anchors = InputFiles.Certificates("--anchor", parse.GetRequiredValue(anchor));
            var untrusted = InputFiles.Certificates("--intermediates", parse.GetValue(intermediates) ?? []);
            var crls = InputFiles.Crls("--crl", parse.GetValue(crl) ?? []);
            var when = InputFiles.Time(parse.GetValue(at)) ?? context.Time.GetUtcNow();
            var validator = new AnchoredSignerValidator(anchors, untrusted, crls);
            var opened = CmsEnvelope.Open(envelope, recipientKeyPair, validator, when, SchemaInfo.DefaultMaxEnvelopeBytes);
            AtomicFile.Write(parse.GetRequiredValue(openOut), opened.Content.Span);
            await context.Out.WriteLineAsync(opened.Signer.Subject).ConfigureAwait(false);
            return ExitCodes.Ok;
        });

        return new Command("cms", "Offline CMS seal and open (the partner interop surface)") { seal, open };
    }

    private static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<string[]> Many(string name, string description, bool required) => new(name)
    {
        Description = description,
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    };
}
