using System.Security.Cryptography;
using CrossBorder.Core.Envelopes.Cms;
using Xunit.Abstractions;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>
/// Wycheproof RSASSA-PSS SHA-256 / MGF1-SHA-256 / salt 32 through
/// <see cref="CmsPrimitives.RsaPssVerify"/>, the call SignedData verification makes.
/// </summary>
public class RsaPssConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Rsa_pss_2048_vectors_verify_exactly_as_the_envelope_code_does() =>
        Run("rsa_pss_2048_sha256_mgf1_32_test.json", keySize: 2048);

    [Fact]
    public void Rsa_pss_3072_vectors_verify_exactly_as_the_envelope_code_does() =>
        Run("rsa_pss_3072_sha256_mgf1_32_test.json", keySize: 3072);

    private void Run(string fileName, int keySize)
    {
        var file = WycheproofFile.Load(fileName);
        var tally = new VectorTally(file);
        foreach (var group in file.Groups)
        {
            // The profile the envelope code checks before calling the primitive.
            Assert.Equal(("SHA-256", "MGF1", "SHA-256", 32), (group.String("sha"), group.String("mgf"), group.String("mgfSha"), group.Int("sLen")));
            using var key = RSA.Create();
            key.ImportSubjectPublicKeyInfo(group.Hex("publicKeyDer"), out _);
            Assert.Equal(keySize, key.KeySize);

            foreach (var test in group.Tests)
            {
                tally.Count(test);
                var verified = CmsPrimitives.RsaPssVerify(key, test.Hex("msg"), test.Hex("sig"));
                switch (test.Result)
                {
                    case WycheproofResult.Valid:
                        tally.Check(verified, test, "a valid signature was rejected");
                        break;
                    case WycheproofResult.Invalid:
                        tally.Check(!verified, test, "an invalid signature was accepted");
                        break;
                    default:
                        tally.Fail(test, "the file has no acceptable vectors");
                        break;
                }
            }
        }

        output.WriteLine(tally.Summary());
        tally.AssertAll(valid: 63, invalid: 45, acceptable: 0);
    }
}
