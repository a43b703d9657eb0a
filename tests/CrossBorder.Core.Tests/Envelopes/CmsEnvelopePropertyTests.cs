using System.Globalization;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// Properties over many inputs, with a seeded <see cref="Random"/> so that a failure repeats:
/// every payload size round-trips, and no mutation of a valid envelope opens or throws anything
/// but a <c>RejectedException</c>.
/// </summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class CmsEnvelopePropertyTests(CmsPki pki)
{
    private const int OneMebibyte = 1 << 20;

    public enum Recipient
    {
        Ec,
        Rsa,
    }

    [Fact]
    public void Seal_then_open_round_trips_payloads_from_0_bytes_to_1_MiB_for_the_ec_and_the_rsa_recipient()
    {
        var random = new Random(5083);
        int[] edges = [0, 1, 1023, 1024, 1025, 65536, OneMebibyte];
        var sizes = edges.Concat(Enumerable.Range(0, 8).Select(_ => random.Next(0, OneMebibyte + 1))).ToList();

        for (var i = 0; i < sizes.Count; i++)
        {
            var content = new byte[sizes[i]];
            random.NextBytes(content);
            var signer = i % 2 == 0 ? pki.EcSigner : pki.RsaSigner;
            foreach (var (certificate, key) in new[] { (pki.EcRecipient, pki.EcRecipientKey), (pki.RsaRecipient, pki.RsaRecipientKey) })
            {
                var envelope = pki.Seal(content, signer, certificate);
                var opened = pki.Open(envelope, key);
                Assert.True(
                    content.AsSpan().SequenceEqual(opened.Content.Span),
                    $"{sizes[i]} bytes signed by {signer.Certificate.Subject} for {certificate.Certificate.Subject} did not round-trip");
                Assert.Equal(signer.Certificate.RawData, opened.Signer.RawData);
            }
        }
    }

    [Fact]
    public void Random_mutations_of_a_valid_envelope_never_open_and_only_throw_rejected_exception()
    {
        var random = new Random(3394);
        var content = new byte[1200];
        random.NextBytes(content);
        var targets = new[]
        {
            (Envelope: pki.Seal(content, pki.EcSigner, pki.EcRecipient), Key: pki.EcRecipientKey, Name: "EC"),
            (Envelope: pki.Seal(content, pki.RsaSigner, pki.RsaRecipient), Key: pki.RsaRecipientKey, Name: "RSA"),
        };
        foreach (var target in targets)
        {
            Assert.Equal(content, pki.Open(target.Envelope, target.Key).Content.ToArray());
        }

        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var target = targets[i % targets.Length];
            var (mutated, description) = Mutate(target.Envelope, random);
            var (reason, outcome) = Rejections.Outcome(() => pki.Open(mutated, target.Key));
            if (reason is null)
            {
                failures.Add($"#{i} {target.Name} envelope, {description}: {outcome}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of 300 mutations were not refused:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    /// <summary>
    /// The deterministic complement of the random mutations: every single-bit flip in the clear
    /// part of a one-recipient envelope (everything but the GCM ciphertext and the RSA-encrypted
    /// key, whose flips the negative tests cover) is refused.
    /// </summary>
    [Theory]
    [InlineData(Recipient.Ec)]
    [InlineData(Recipient.Rsa)]
    public void Every_single_bit_flip_outside_the_ciphertext_is_refused(Recipient recipient)
    {
        var (certificate, key) = recipient == Recipient.Ec ? (pki.EcRecipient, pki.EcRecipientKey) : (pki.RsaRecipient, pki.RsaRecipientKey);
        var envelope = pki.Seal("short content"u8, pki.EcSigner, certificate);
        var tree = DerNode.Parse(envelope);
        var skipped = new List<DerNode> { CmsLayout.Ciphertext(tree) };
        if (recipient == Recipient.Rsa)
        {
            skipped.Add(CmsLayout.RsaEncryptedKey(tree));
        }

        var failures = new List<string>();
        var flips = 0;
        for (var offset = 0; offset < envelope.Length; offset++)
        {
            if (skipped.Any(n => offset >= n.ContentOffset && offset < n.ContentOffset + n.ContentLength))
            {
                continue;
            }

            for (var bit = 0; bit < 8; bit++)
            {
                var mutated = (byte[])envelope.Clone();
                mutated[offset] ^= (byte)(1 << bit);
                flips++;
                var (reason, outcome) = Rejections.Outcome(() => pki.Open(mutated, key));
                if (reason is null)
                {
                    failures.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"byte {offset} (0x{envelope[offset]:X2}) bit {bit}, in {tree.Describe(offset)}: {outcome}"));
                }
            }
        }

        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {flips} single-bit flips were not refused:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private static (byte[] Mutated, string Description) Mutate(byte[] envelope, Random random)
    {
        var position = random.Next(envelope.Length);
        switch (random.Next(5))
        {
            case 0:
                {
                    var bit = random.Next(8);
                    var mutated = (byte[])envelope.Clone();
                    mutated[position] ^= (byte)(1 << bit);
                    return (mutated, $"bit {bit} of byte {position} flipped");
                }

            case 1:
                return (envelope[..position], $"truncated to {position} bytes");
            case 2:
                {
                    var inserted = (byte)random.Next(256);
                    return ([.. envelope[..position], inserted, .. envelope[position..]], $"byte 0x{inserted:X2} inserted at {position}");
                }

            case 3:
                return ([.. envelope[..position], .. envelope[(position + 1)..]], $"byte {position} deleted");
            default:
                {
                    var length = Math.Min(random.Next(1, 65), envelope.Length - position);
                    var mutated = (byte[])envelope.Clone();
                    random.NextBytes(mutated.AsSpan(position, length));
                    if (mutated.AsSpan(position, length).SequenceEqual(envelope.AsSpan(position, length)))
                    {
                        mutated[position] ^= 0xFF;
                    }

                    return (mutated, $"{length} bytes at {position} overwritten");
                }
        }
    }
}
