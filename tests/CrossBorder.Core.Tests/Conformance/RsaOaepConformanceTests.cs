using System.Security.Cryptography;
using CrossBorder.Core.Envelopes.Cms;
using Xunit.Abstractions;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>
/// Wycheproof RSAES-OAEP SHA-256 / MGF1-SHA-256 through <see cref="CmsPrimitives.RsaOaepDecrypt"/>,
/// the call KeyTransRecipientInfo decryption makes. CMS uses the empty OAEP label (RFC 4055), and
/// so does our call: vectors with an empty label are checked against Wycheproof's result. Vectors
/// with a non-empty label cannot occur in our envelopes; they are checked not to decrypt to their
/// message through our call (the label hash differs, so decryption must fail).
/// </summary>
public class RsaOaepConformanceTests(ITestOutputHelper output)
{
    private const string LabelledVectors = "non-empty label: our call (empty label) must not recover msg";

    [Fact]
    public void Rsa_oaep_2048_vectors_decrypt_exactly_as_the_envelope_code_does_and_labelled_ones_do_not_decrypt() =>
        Run("rsa_oaep_2048_sha256_mgf1sha256_test.json", keySize: 2048);

    [Fact]
    public void Rsa_oaep_3072_vectors_decrypt_exactly_as_the_envelope_code_does_and_labelled_ones_do_not_decrypt() =>
        Run("rsa_oaep_3072_sha256_mgf1sha256_test.json", keySize: 3072);

    private void Run(string fileName, int keySize)
    {
        var file = WycheproofFile.Load(fileName);
        var tally = new VectorTally(file);
        foreach (var group in file.Groups)
        {
            Assert.Equal(("SHA-256", "MGF1", "SHA-256"), (group.String("sha"), group.String("mgf"), group.String("mgfSha")));
            using var key = RSA.Create();
            key.ImportPkcs8PrivateKey(group.Hex("privateKeyPkcs8"), out _);
            Assert.Equal(keySize, key.KeySize);

            foreach (var test in group.Tests)
            {
                tally.Count(test);
                var msg = test.Hex("msg");
                var decrypted = CmsPrimitives.RsaOaepDecrypt(key, test.Hex("ct"));
                if (test.String("label").Length != 0)
                {
                    tally.Account(LabelledVectors);
                    tally.Check(decrypted is null || !decrypted.AsSpan().SequenceEqual(msg), test, "decrypted to msg although encrypted under a label");
                    continue;
                }

                switch (test.Result)
                {
                    case WycheproofResult.Valid:
                        tally.Check(decrypted is not null && decrypted.AsSpan().SequenceEqual(msg), test, decrypted is null ? "a valid ciphertext did not decrypt" : "decrypted to the wrong message");
                        break;
                    case WycheproofResult.Invalid:
                        tally.Check(decrypted is null, test, "an invalid ciphertext decrypted");
                        break;
                    default:
                        tally.Fail(test, "the file has no acceptable vectors");
                        break;
                }
            }
        }

        output.WriteLine(tally.Summary());
        tally.AssertAll(valid: 18, invalid: 19, acceptable: 0);
        Assert.Equal(8, tally.Accounted.GetValueOrDefault(LabelledVectors));
    }
}
