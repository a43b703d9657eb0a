using System.Globalization;
using CrossBorder.Core.Envelopes;
using Xunit.Abstractions;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>Opening an envelope of about 1 MiB allocates at most 4× its size plus 64 KiB.</summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class CmsEnvelopeAllocationTests(CmsPki pki, ITestOutputHelper output)
{
    [Theory]
    [InlineData("EC")]
    [InlineData("RSA")]
    public void Opening_a_1_MiB_envelope_allocates_at_most_4_times_its_size_plus_64_KiB(string recipientKind)
    {
        var (certificate, key) = recipientKind == "EC" ? (pki.EcRecipient, pki.EcRecipientKey) : (pki.RsaRecipient, pki.RsaRecipientKey);
        var content = new byte[1 << 20];
        new Random(1 << 20).NextBytes(content);
        var envelope = pki.Seal(content, pki.EcSigner, certificate);
        var validator = pki.Validator;
        _ = CmsEnvelope.Open(envelope, key, validator, pki.Now, int.MaxValue); // warm-up: JIT, caches

        var before = GC.GetAllocatedBytesForCurrentThread();
        var opened = CmsEnvelope.Open(envelope, key, validator, pki.Now, int.MaxValue);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(content.Length, opened.Content.Length);
        var limit = (4L * envelope.Length) + (64 * 1024);
        var ratio = (double)allocated / envelope.Length;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{recipientKind} recipient: envelope {envelope.Length} bytes, allocated {allocated} bytes, ratio {ratio:F3}, limit {limit} bytes"));
        Assert.True(
            allocated <= limit,
            string.Create(CultureInfo.InvariantCulture, $"allocated {allocated} bytes = {ratio:F3} × the envelope ({envelope.Length} bytes); limit {limit}"));
    }
}
