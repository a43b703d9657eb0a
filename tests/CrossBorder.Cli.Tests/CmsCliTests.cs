using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Envelopes.Cms;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>crossborder cms seal|open</c> as CRYPTO.md's interop surface: round trip for an EC and an
/// RSA recipient, OpenSSL reads what <c>seal</c> writes, PEM and DER files detected by content,
/// path material from the envelope and from <c>--intermediates</c>, CRLs, <c>--at</c>; every
/// rejection is exit 1 with one <c>rejected: CODE: reason</c> line and no output file; every
/// usage error is exit 2 with a <c>usage:</c> line; never a stack trace.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed partial class CmsCliTests(FederationFixture federation)
{
    private const string Signer = "AL/NCP";
    private const string EcRecipient = "IT/NCP";
    private const string RsaRecipient = "GR/NCP";
    private const string AuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";
    private const string SignedData = "1.2.840.113549.1.7.2";
    private const string Aes256Gcm = "2.16.840.1.101.3.4.1.46";

    private static readonly byte[] Content = SampleContent();

    /// <summary>Ways <c>cms open</c> must refuse an envelope.</summary>
    public enum Rejection
    {
        TamperedGcmTag,
        WrongAnchor,
        TruncatedEnvelope,
        AtAfterSignerExpiry,
        AtBeforeSignerNotBefore,
        OnlyTheRootCrl,
        NotARecipient,
    }

    /// <summary>Ways to call <c>cms seal|open</c> wrongly.</summary>
    public enum UsageError
    {
        OpenWithoutOut,
        SealWithoutRecipient,
        MissingInputFile,
        UnreadableInputFile,
        MissingRecipientCertificateFile,
        RecipientKeyOfAnotherCertificate,
        SignerKeyOfAnotherCertificate,
        MalformedAt,
        AtWithAnOffsetInsteadOfZ,
        KeyFileAsRecipientCertificate,
        RandomBytesAsAnchor,
        CrlAsSealRecipient,
    }

    [Fact]
    public async Task Seal_then_open_round_trips_for_an_ec_and_an_rsa_recipient_and_prints_only_the_signer_subject()
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);

        foreach (var recipient in new[] { EcRecipient, RsaRecipient })
        {
            var output = directory.File($"{Slug(recipient)}.out");
            var result = await OpenAsync(envelope, recipient, output);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(Content, await File.ReadAllBytesAsync(output));
            Assert.Equal(SignerSubject() + Environment.NewLine, result.Out);
            Assert.Equal("", result.Error);
        }
    }

    [Fact]
    public async Task Sealed_envelope_is_der_auth_enveloped_data_that_openssl_decrypts_and_verifies_for_each_recipient()
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);
        var bytes = await File.ReadAllBytesAsync(envelope);
        AssertStrictDer(bytes);
        var (contentType, encryptionAlgorithm) = ContentTypeAndEncryption(bytes);
        Assert.Equal(AuthEnvelopedData, contentType);
        Assert.Equal(Aes256Gcm, encryptionAlgorithm);

        foreach (var recipient in new[] { EcRecipient, RsaRecipient })
        {
            var signed = directory.File($"{Slug(recipient)}-signed.der");
            var message = directory.File($"{Slug(recipient)}-msg");
            await OpenSsl.SucceedsAsync(
                "cms", "-decrypt", "-binary", "-inform", "DER", "-in", envelope,
                "-recip", Participant(recipient, "encryption.crt"), "-inkey", Participant(recipient, "encryption.key"), "-out", signed);
            var signedBytes = await File.ReadAllBytesAsync(signed);
            AssertStrictDer(signedBytes);
            Assert.Equal(SignedData, ContentTypeAndEncryption(signedBytes).ContentType);
            await OpenSsl.SucceedsAsync(
                "cms", "-verify", "-binary", "-inform", "DER", "-in", signed,
                "-CAfile", federation.CountryFile("AL", "root-ca.crt"), "-purpose", "any", "-out", message);
            Assert.Equal(Content, await File.ReadAllBytesAsync(message));
        }
    }

    [Fact]
    public async Task Der_certificates_and_keys_are_detected_and_accepted_for_seal_and_open()
    {
        using var directory = new TempDirectory();
        var signerCert = DerCertificate(directory, Participant(Signer, "signing.crt"), "signer.cer");
        var signerKey = DerKey(directory, Participant(Signer, "signing.key"), "signer.p8");
        var chain = DerCertificate(directory, federation.CountryFile("AL", "intermediate-ca.crt"), "intermediate.cer");
        var anchor = DerCertificate(directory, federation.CountryFile("AL", "root-ca.crt"), "root.cer");
        var input = directory.File("content");
        await File.WriteAllBytesAsync(input, Content);
        var envelope = directory.File("envelope.der");
        var sealResult = await CliRunner.RunAsync(
            "cms", "seal", "--in", input, "--signer-cert", signerCert, "--signer-key", signerKey, "--signer-chain", chain,
            "--recipient", DerCertificate(directory, Participant(EcRecipient, "encryption.crt"), "ec-recipient.cer"),
            "--recipient", DerCertificate(directory, Participant(RsaRecipient, "encryption.crt"), "rsa-recipient.cer"),
            "--out", envelope);
        Assert.True(sealResult.ExitCode == 0, sealResult.ToString());

        foreach (var recipient in new[] { EcRecipient, RsaRecipient })
        {
            var output = directory.File($"{Slug(recipient)}.out");
            var result = await CliRunner.RunAsync(
                "cms", "open", "--in", envelope,
                "--recipient-cert", DerCertificate(directory, Participant(recipient, "encryption.crt"), $"{Slug(recipient)}.cer"),
                "--recipient-key", DerKey(directory, Participant(recipient, "encryption.key"), $"{Slug(recipient)}.p8"),
                "--anchor", anchor, "--out", output);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(Content, await File.ReadAllBytesAsync(output));
        }
    }

    [Fact]
    public async Task Pem_files_with_several_certificates_are_accepted_for_signer_chain_and_anchor()
    {
        using var directory = new TempDirectory();
        var chain = ConcatenatedPem(directory, "chain.pem", federation.CountryFile("AL", "intermediate-ca.crt"), federation.CountryFile("AL", "root-ca.crt"));
        var anchors = ConcatenatedPem(
            directory, "anchors.pem", federation.CountryFile("IT", "root-ca.crt"), federation.CountryFile("GR", "root-ca.crt"), federation.CountryFile("AL", "root-ca.crt"));
        var envelope = await SealAsync(directory, [chain]);

        Assert.Equal(
            new[] { Participant(Signer, "signing.crt"), federation.CountryFile("AL", "intermediate-ca.crt"), federation.CountryFile("AL", "root-ca.crt") }
                .Select(f => Convert.ToHexString(CertificateFiles.LoadCertificate(f).RawData)).Order(StringComparer.Ordinal),
            EmbeddedCertificates(envelope).Select(c => Convert.ToHexString(c)).Order(StringComparer.Ordinal));

        var output = directory.File("content.out");
        var result = await OpenAsync(envelope, EcRecipient, output, anchors: [anchors]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Content, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task Repeated_anchor_options_are_all_trusted()
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);
        var output = directory.File("content.out");

        var result = await OpenAsync(
            envelope, RsaRecipient, output, anchors: [federation.CountryFile("IT", "root-ca.crt"), federation.CountryFile("AL", "root-ca.crt")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Content, await File.ReadAllBytesAsync(output));
    }

    /// <summary>
    /// RFC 7468 section 2: text before the encapsulation boundaries is permitted and parsers must
    /// not malfunction on it. <c>openssl pkcs12 -nokeys</c> writes "Bag Attributes" and
    /// subject/issuer lines before each certificate; <c>openssl x509 -text</c> a dump.
    /// </summary>
    [Fact]
    public async Task Pem_file_with_explanatory_text_before_each_certificate_is_accepted_for_anchor()
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);
        var anchors = directory.File("bags.pem");
        var text = new StringBuilder();
        foreach (var country in new[] { "IT", "AL" })
        {
            var root = CertificateFiles.LoadCertificate(federation.CountryFile(country, "root-ca.crt"));
            text.Append("Bag Attributes: <No Attributes>\n")
                .Append(CultureInfo.InvariantCulture, $"subject={root.Subject}\n")
                .Append(CultureInfo.InvariantCulture, $"issuer={root.Issuer}\n")
                .Append(root.ExportCertificatePem()).Append('\n');
        }

        await File.WriteAllTextAsync(anchors, text.ToString());
        Assert.Equal(2, PemEncodingCount(await File.ReadAllTextAsync(anchors)));
        var output = directory.File("content.out");

        var result = await OpenAsync(envelope, EcRecipient, output, anchors: [anchors]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Content, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task Intermediates_option_supplies_the_path_the_envelope_does_not_embed()
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory, signerChain: []);
        Assert.Equal(
            [Convert.ToHexString(CertificateFiles.LoadCertificate(Participant(Signer, "signing.crt")).RawData)],
            EmbeddedCertificates(envelope).Select(c => Convert.ToHexString(c)));

        var without = await OpenAsync(envelope, EcRecipient, directory.File("without.out"));
        AssertRejected(without, "UNTRUSTED");
        Assert.False(File.Exists(directory.File("without.out")));

        var intermediates = ConcatenatedPem(
            directory, "intermediates.pem", federation.CountryFile("IT", "intermediate-ca.crt"), federation.CountryFile("AL", "intermediate-ca.crt"));
        foreach (var file in new[] { federation.CountryFile("AL", "intermediate-ca.crt"), intermediates })
        {
            var output = directory.File($"{Path.GetFileName(file)}.out");
            var result = await OpenAsync(envelope, EcRecipient, output, extra: ["--intermediates", file]);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(Content, await File.ReadAllBytesAsync(output));
        }
    }

    [Fact]
    public async Task Crls_covering_the_whole_path_are_accepted_as_der_files_or_one_pem_file()
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);
        var rootCrl = federation.CountryFile("AL", "root-ca.crl");
        var intermediateCrl = federation.CountryFile("AL", "intermediate-ca.crl");
        Assert.Equal(0x30, (await File.ReadAllBytesAsync(rootCrl))[0]);
        var bothPem = directory.File("crls.pem");
        var pem = new StringBuilder();
        foreach (var crl in new[] { rootCrl, intermediateCrl })
        {
            var der = await File.ReadAllBytesAsync(crl);
            pem.Append(PemEncoding.WriteString("X509 CRL", der)).Append('\n');
        }

        await File.WriteAllTextAsync(bothPem, pem.ToString());

        string[][] crlOptions = [["--crl", rootCrl, "--crl", intermediateCrl], ["--crl", bothPem]];
        foreach (var (options, index) in crlOptions.Select((o, i) => (o, i)))
        {
            var output = directory.File($"content-{index}.out");
            var result = await OpenAsync(envelope, EcRecipient, output, extra: options);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', options)}: {result}");
            Assert.Equal(Content, await File.ReadAllBytesAsync(output));
        }
    }

    [Fact]
    public async Task At_inside_the_signer_validity_but_not_now_is_honoured()
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);
        var signer = CertificateFiles.LoadCertificate(Participant(Signer, "signing.crt"));

        foreach (var at in new[] { new DateTimeOffset(signer.NotBefore).AddMinutes(1), new DateTimeOffset(signer.NotAfter).AddMinutes(-1) })
        {
            var output = directory.File($"{at.ToUnixTimeSeconds()}.out");
            var result = await OpenAsync(envelope, EcRecipient, output, extra: ["--at", Format(at)]);
            Assert.True(result.ExitCode == 0, $"--at {Format(at)}: {result}");
            Assert.Equal(Content, await File.ReadAllBytesAsync(output));
        }
    }

    [Theory]
    [InlineData(Rejection.TamperedGcmTag, "DECRYPT_FAILED")]
    [InlineData(Rejection.WrongAnchor, "UNTRUSTED")]
    [InlineData(Rejection.TruncatedEnvelope, "MALFORMED")]
    [InlineData(Rejection.AtAfterSignerExpiry, "EXPIRED")]
    [InlineData(Rejection.AtBeforeSignerNotBefore, "EXPIRED")]
    [InlineData(Rejection.OnlyTheRootCrl, "REVOCATION_UNKNOWN")]
    [InlineData(Rejection.NotARecipient, "NOT_A_RECIPIENT")]
    public async Task Open_rejection_exits_1_with_one_rejected_line_and_leaves_out_absent_or_untouched(Rejection rejection, string code)
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);
        var signer = CertificateFiles.LoadCertificate(Participant(Signer, "signing.crt"));
        var bytes = await File.ReadAllBytesAsync(envelope);
        var recipient = EcRecipient;
        string[] anchors = [federation.CountryFile("AL", "root-ca.crt")];
        string[] extra = [];
        switch (rejection)
        {
            case Rejection.TamperedGcmTag:
                var tag = GcmTagRange(bytes);
                bytes[tag.Start.Value + 5] ^= 0x01;
                break;
            case Rejection.WrongAnchor:
                anchors = [federation.CountryFile("IT", "root-ca.crt"), federation.CountryFile("GR", "root-ca.crt")];
                break;
            case Rejection.TruncatedEnvelope:
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case Rejection.AtAfterSignerExpiry:
                extra = ["--at", Format(new DateTimeOffset(signer.NotAfter).AddDays(1))];
                break;
            case Rejection.AtBeforeSignerNotBefore:
                extra = ["--at", Format(new DateTimeOffset(signer.NotBefore).AddDays(-1))];
                break;
            case Rejection.OnlyTheRootCrl:
                extra = ["--crl", federation.CountryFile("AL", "root-ca.crl")];
                break;
            default:
                recipient = "AL/POLICE";
                break;
        }

        var input = directory.File("input.der");
        await File.WriteAllBytesAsync(input, bytes);
        await AssertRejectedWithoutOutputAsync(code, output => OpenAsync(input, recipient, output, anchors, extra));
    }

    [Fact]
    public async Task Open_of_a_signed_data_carrying_more_than_eight_certificates_exits_1_with_path_limit()
    {
        // Ten certificates embedded beside the signer's: every root and participant CA of the
        // federation and two other participants' certificates, all genuine, just too many.
        using var directory = new TempDirectory();
        string[] chain =
        [
            .. new[] { "AL", "IT", "GR" }.SelectMany(c => new[] { federation.CountryFile(c, "root-ca.crt"), federation.CountryFile(c, "intermediate-ca.crt") }),
            Participant(EcRecipient, "signing.crt"), Participant(EcRecipient, "encryption.crt"),
            Participant(RsaRecipient, "signing.crt"), Participant(RsaRecipient, "encryption.crt"),
        ];
        var envelope = await SealAsync(directory, chain);
        Assert.True(EmbeddedCertificates(envelope).Count > 8);

        await AssertRejectedWithoutOutputAsync("PATH_LIMIT", output => OpenAsync(envelope, EcRecipient, output));
    }

    [Fact]
    public async Task Seal_to_an_rsa_1024_recipient_exits_1_with_alg_refused_and_leaves_out_absent_or_untouched()
    {
        using var directory = new TempDirectory();
        var now = TimeProvider.System.GetUtcNow();
        using var made = TestCertificateBuilder.For("CN=RSA 1024 Recipient, O=CrossBorder Test").RsaKey(1024)
            .KeyUsage(X509KeyUsageFlags.KeyEncipherment)
            .Valid(now.AddDays(-1), now.AddDays(30))
            .Build();
        var certificate = made.Certificate;
        var weak = directory.File("rsa1024.crt");
        CertificateFiles.WriteCertificates(weak, certificate);
        var input = directory.File("content");
        await File.WriteAllBytesAsync(input, Content);

        await AssertRejectedWithoutOutputAsync("ALG_REFUSED", output => CliRunner.RunAsync(
            "cms", "seal", "--in", input, "--signer-cert", Participant(Signer, "signing.crt"), "--signer-key", Participant(Signer, "signing.key"),
            "--recipient", Participant(EcRecipient, "encryption.crt"), "--recipient", weak, "--out", output));
    }

    [Theory]
    [InlineData(UsageError.OpenWithoutOut)]
    [InlineData(UsageError.SealWithoutRecipient)]
    [InlineData(UsageError.MissingInputFile)]
    [InlineData(UsageError.UnreadableInputFile)]
    [InlineData(UsageError.MissingRecipientCertificateFile)]
    [InlineData(UsageError.RecipientKeyOfAnotherCertificate)]
    [InlineData(UsageError.SignerKeyOfAnotherCertificate)]
    [InlineData(UsageError.MalformedAt)]
    [InlineData(UsageError.AtWithAnOffsetInsteadOfZ)]
    [InlineData(UsageError.KeyFileAsRecipientCertificate)]
    [InlineData(UsageError.RandomBytesAsAnchor)]
    [InlineData(UsageError.CrlAsSealRecipient)]
    public async Task Usage_error_exits_2_with_a_usage_line_and_writes_nothing(UsageError error)
    {
        using var directory = new TempDirectory();
        var envelope = await SealAsync(directory);
        var content = directory.File("content");
        var junk = directory.File("junk.bin");
        await File.WriteAllBytesAsync(junk, RandomNumberGenerator.GetBytes(300));
        var outDirectory = Directory.CreateDirectory(directory.File("out")).FullName;
        var output = Path.Combine(outDirectory, "result");

        string[] open =
        [
            "cms", "open", "--in", envelope,
            "--recipient-cert", Participant(EcRecipient, "encryption.crt"), "--recipient-key", Participant(EcRecipient, "encryption.key"),
            "--anchor", federation.CountryFile("AL", "root-ca.crt"), "--out", output,
        ];
        string[] seal =
        [
            "cms", "seal", "--in", content, "--signer-cert", Participant(Signer, "signing.crt"), "--signer-key", Participant(Signer, "signing.key"),
            "--recipient", Participant(EcRecipient, "encryption.crt"), "--out", output,
        ];
        var args = error switch
        {
            UsageError.OpenWithoutOut => Without(open, "--out"),
            UsageError.SealWithoutRecipient => Without(seal, "--recipient"),
            UsageError.MissingInputFile => Replace(open, "--in", directory.File("no-such-envelope.der")),
            UsageError.UnreadableInputFile => Replace(seal, "--in", outDirectory),
            UsageError.MissingRecipientCertificateFile => Replace(open, "--recipient-cert", directory.File("no-such.crt")),
            UsageError.RecipientKeyOfAnotherCertificate => Replace(open, "--recipient-key", Participant("AL/POLICE", "encryption.key")),
            UsageError.SignerKeyOfAnotherCertificate => Replace(seal, "--signer-key", Participant(EcRecipient, "signing.key")),
            UsageError.MalformedAt => [.. open, "--at", "2026-13-01T00:00:00Z"],
            UsageError.AtWithAnOffsetInsteadOfZ => [.. open, "--at", "2026-11-28T10:00:00+01:00"],
            UsageError.KeyFileAsRecipientCertificate => Replace(open, "--recipient-cert", Participant(EcRecipient, "encryption.key")),
            UsageError.RandomBytesAsAnchor => Replace(open, "--anchor", junk),
            _ => Replace(seal, "--recipient", federation.CountryFile("AL", "root-ca.crl")),
        };
        await File.WriteAllBytesAsync(content, Content);

        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.False(result.ShowsStackTrace, result.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDirectory));
    }

    /// <summary>Runs the command twice: with no <c>--out</c> file (none may appear) and with an existing one (it must stay as it was).</summary>
    private static async Task AssertRejectedWithoutOutputAsync(string code, Func<string, Task<CliResult>> run)
    {
        using var directory = new TempDirectory();
        var output = directory.File("result");
        var previous = "content of an earlier run\n"u8.ToArray();

        foreach (var existing in new[] { false, true })
        {
            if (existing)
            {
                await File.WriteAllBytesAsync(output, previous);
            }

            var result = await run(output);

            AssertRejected(result, code);
            Assert.Equal("", result.Out);
            if (existing)
            {
                Assert.Equal(previous, await File.ReadAllBytesAsync(output));
                Assert.Equal([output], Directory.EnumerateFileSystemEntries(directory.Path));
            }
            else
            {
                Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
            }
        }
    }

    private static void AssertRejected(CliResult result, string code)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Error.Split('\n');
        Assert.True(lines.Length == 2 && lines[1] == "", $"expected exactly one line on stderr: {result}");
        Assert.Matches(RejectedLine(), lines[0]);
        Assert.StartsWith($"rejected: {code}: ", lines[0], StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [GeneratedRegex("^rejected: [A-Z_]+: .+$")]
    private static partial Regex RejectedLine();

    private string Participant(string participant, string file) => federation.ParticipantFile(participant, file);

    private static string Slug(string participant) => participant.Replace('/', '-').ToLowerInvariant();

    private string SignerSubject() => CertificateFiles.LoadCertificate(Participant(Signer, "signing.crt")).Subject;

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Seals <see cref="Content"/> from AL/NCP to IT/NCP (EC) and GR/NCP (RSA), embedding the
    /// certificates of <paramref name="signerChain"/> files (null: the participant's chain.pem).
    /// </summary>
    private async Task<string> SealAsync(TempDirectory directory, string[]? signerChain = null)
    {
        var input = directory.File("content");
        await File.WriteAllBytesAsync(input, Content);
        var envelope = directory.File("envelope.der");
        var chain = (signerChain ?? [Participant(Signer, "chain.pem")]).SelectMany(f => new[] { "--signer-chain", f });
        var result = await CliRunner.RunAsync(
        [
            "cms", "seal", "--in", input, "--signer-cert", Participant(Signer, "signing.crt"), "--signer-key", Participant(Signer, "signing.key"),
            .. chain, "--recipient", Participant(EcRecipient, "encryption.crt"), "--recipient", Participant(RsaRecipient, "encryption.crt"), "--out", envelope,
        ]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Out);
        Assert.Equal("", result.Error);
        return envelope;
    }

    private Task<CliResult> OpenAsync(string envelope, string recipient, string output, string[]? anchors = null, string[]? extra = null) =>
        CliRunner.RunAsync(
        [
            "cms", "open", "--in", envelope,
            "--recipient-cert", Participant(recipient, "encryption.crt"), "--recipient-key", Participant(recipient, "encryption.key"),
            .. (anchors ?? [federation.CountryFile("AL", "root-ca.crt")]).SelectMany(a => new[] { "--anchor", a }),
            .. extra ?? [], "--out", output,
        ]);

    private static string[] Without(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return [.. args[..index], .. args[(index + 2)..]];
    }

    private static string[] Replace(string[] args, string option, string value)
    {
        var copy = (string[])args.Clone();
        copy[Array.IndexOf(copy, option) + 1] = value;
        return copy;
    }

    private static string DerCertificate(TempDirectory directory, string pemPath, string name)
    {
        var path = directory.File(name);
        File.WriteAllBytes(path, CertificateFiles.LoadCertificate(pemPath).RawData);
        Assert.Equal(0x30, File.ReadAllBytes(path)[0]);
        return path;
    }

    private static string DerKey(TempDirectory directory, string pemPath, string name)
    {
        var path = directory.File(name);
        using var key = KeyFiles.LoadPrivateKey(pemPath);
        File.WriteAllBytes(path, key.ExportPkcs8PrivateKey());
        Assert.Equal(0x30, File.ReadAllBytes(path)[0]);
        return path;
    }

    private static string ConcatenatedPem(TempDirectory directory, string name, params string[] pemFiles)
    {
        var path = directory.File(name);
        File.WriteAllText(path, string.Concat(pemFiles.Select(File.ReadAllText)));
        Assert.Equal(pemFiles.Length, CertificateFiles.LoadCertificates(path).Count);
        return path;
    }

    private static int PemEncodingCount(string text)
    {
        var count = 0;
        var remaining = text.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            count++;
            remaining = remaining[fields.Location.End..];
        }

        return count;
    }

    /// <summary>The certificates embedded in the SignedData, decrypted in-process with IT/NCP's key.</summary>
    private List<byte[]> EmbeddedCertificates(string envelope)
    {
        var certificate = CertificateFiles.LoadCertificate(Participant(EcRecipient, "encryption.crt"));
        using var key = KeyFiles.LoadPrivateKey(Participant(EcRecipient, "encryption.key"));
        using var recipient = RecipientKey.Create(certificate, key);
        var signed = AuthEnvelopedDataReader.Decrypt(File.ReadAllBytes(envelope), recipient);

        var contentInfo = new AsnReader(signed, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(SignedData, contentInfo.ReadObjectIdentifier());
        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        _ = signedData.ReadInteger();
        _ = signedData.ReadSetOf();
        _ = signedData.ReadSequence();
        var set = signedData.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0));
        var certificates = new List<byte[]>();
        while (set.HasData)
        {
            certificates.Add(set.ReadEncodedValue().ToArray());
        }

        return certificates;
    }

    /// <summary>ContentInfo's contentType and, for an (Auth)EnvelopedData, the content-encryption algorithm.</summary>
    private static (string ContentType, string? EncryptionAlgorithm) ContentTypeAndEncryption(byte[] der)
    {
        var contentInfo = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var contentType = contentInfo.ReadObjectIdentifier();
        if (contentType != AuthEnvelopedData)
        {
            return (contentType, null);
        }

        var envelope = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        while (!envelope.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            _ = envelope.ReadEncodedValue();
        }

        var encryptedContentInfo = envelope.ReadSequence();
        _ = encryptedContentInfo.ReadObjectIdentifier();
        return (contentType, encryptedContentInfo.ReadSequence().ReadObjectIdentifier());
    }

    /// <summary>Where the GCM tag (the mac OCTET STRING, last element of AuthEnvelopedData) lies in the envelope.</summary>
    private static Range GcmTagRange(byte[] envelope)
    {
        var contentInfo = new AsnReader(envelope, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(AuthEnvelopedData, contentInfo.ReadObjectIdentifier());
        var inner = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        ReadOnlyMemory<byte> last = default;
        while (inner.HasData)
        {
            last = inner.ReadEncodedValue();
        }

        // Definite lengths all the way: the last element ends where the envelope ends.
        Assert.Equal([0x04, 0x10], last.Span[..2].ToArray());
        Assert.True(last.Span.SequenceEqual(envelope.AsSpan(envelope.Length - last.Length)));
        return new Range(envelope.Length - 16, envelope.Length);
    }

    /// <summary>Walks every element in DER (definite, minimal lengths; constructed elements recursively).</summary>
    private static void AssertStrictDer(ReadOnlySpan<byte> der)
    {
        while (!der.IsEmpty)
        {
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
            var tag = Asn1Tag.Decode(der, out _);
            if (tag.IsConstructed)
            {
                AssertStrictDer(der.Slice(contentOffset, contentLength));
            }

            der = der[consumed..];
        }
    }

    /// <summary>Binary content with CR, LF and NUL bytes: it must come back exact.</summary>
    private static byte[] SampleContent()
    {
        var content = new byte[3000];
        new Random(17).NextBytes(content);
        "line one\r\nline two\n\0"u8.ToArray().CopyTo(content, 0);
        return content;
    }
}
