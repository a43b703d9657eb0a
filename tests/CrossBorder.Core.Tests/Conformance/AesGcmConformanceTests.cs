using CrossBorder.Core.Envelopes.Cms;
using Xunit.Abstractions;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>
/// Wycheproof AES-GCM through <see cref="CmsPrimitives.AesGcmDecrypt"/>, the call
/// AuthEnvelopedData content decryption makes. Our profile (RFC 5084 as we use it) has 12-byte
/// nonces and 16-byte tags: groups with those sizes are checked against Wycheproof's result; for
/// every other nonce or tag size the primitive must refuse (null) whatever Wycheproof's result,
/// because our profile refuses those sizes.
/// </summary>
public class AesGcmConformanceTests(ITestOutputHelper output)
{
    private const string OtherSizes = "IV other than 96 bits or tag other than 128 bits: refused by our profile";

    [Fact]
    public void Aes_gcm_vectors_with_96_bit_iv_and_128_bit_tag_decrypt_exactly_as_the_envelope_code_does_and_other_sizes_are_refused()
    {
        var file = WycheproofFile.Load("aes_gcm_test.json");
        var tally = new VectorTally(file);
        foreach (var group in file.Groups)
        {
            var inProfile = group.Int("ivSize") == 96 && group.Int("tagSize") == 128;
            foreach (var test in group.Tests)
            {
                tally.Count(test);
                var msg = test.Hex("msg");
                var decrypted = CmsPrimitives.AesGcmDecrypt(test.Hex("key"), test.Hex("iv"), test.Hex("ct"), test.Hex("tag"), test.Hex("aad"));
                if (!inProfile)
                {
                    tally.Account(OtherSizes);
                    tally.Check(decrypted is null, test, "a nonce or tag size outside our profile was not refused");
                    continue;
                }

                switch (test.Result)
                {
                    case WycheproofResult.Valid:
                        tally.Check(decrypted is not null && decrypted.AsSpan().SequenceEqual(msg), test, decrypted is null ? "a valid ciphertext did not decrypt" : "decrypted to the wrong plaintext");
                        break;
                    case WycheproofResult.Invalid:
                        tally.Check(decrypted is null, test, "an invalid ciphertext or tag decrypted");
                        break;
                    default:
                        tally.Fail(test, "the file has no acceptable vectors");
                        break;
                }
            }
        }

        output.WriteLine(tally.Summary());
        tally.AssertAll(valid: 229, invalid: 87, acceptable: 0);
        Assert.Equal(119, tally.Accounted.GetValueOrDefault(OtherSizes));
    }
}
