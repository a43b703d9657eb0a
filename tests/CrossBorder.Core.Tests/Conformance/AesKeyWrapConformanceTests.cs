using CrossBorder.Core.Envelopes.Cms;
using Xunit.Abstractions;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>
/// Wycheproof AES key wrap (RFC 3394) through <see cref="AesKeyWrap.Wrap"/> (what the envelope
/// writer calls) and <see cref="AesKeyWrap.Unwrap"/> (what the reader calls), for every KEK size
/// in the file (the envelope uses 256-bit KEKs; the primitive is the same for all).
/// <list type="bullet">
/// <item>valid: Wrap(kek, msg) is ct and Unwrap(kek, ct) is msg.</item>
/// <item>invalid: Unwrap refuses (null), and Wrap never produces ct (it throws on a key it cannot
/// wrap, or gives a different output for a modified ct).</item>
/// <item>acceptable (only "ShortKey": an 8-byte key wrapped as one AES block, which RFC 3394
/// allows and SP 800-38F does not): our profile refuses them. Unwrap must return null (it requires
/// at least 24 bytes; content keys are 32 bytes anyway), and Wrap must either refuse (throw) or
/// give exactly ct, never a wrong wrapping.</item>
/// </list>
/// </summary>
public class AesKeyWrapConformanceTests(ITestOutputHelper output)
{
    private const string ShortKeyRefused = "acceptable 8-byte key: Unwrap refused by our profile";

    [Fact]
    public void Aes_key_wrap_vectors_wrap_and_unwrap_exactly_as_the_envelope_code_does_and_bad_wrappings_are_refused()
    {
        var file = WycheproofFile.Load("aes_wrap_test.json");
        var tally = new VectorTally(file);
        foreach (var group in file.Groups)
        {
            foreach (var test in group.Tests)
            {
                tally.Count(test);
                var kek = test.Hex("key");
                Assert.Equal(group.Int("keySize"), kek.Length * 8);
                var msg = test.Hex("msg");
                var ct = test.Hex("ct");
                var wrapped = TryWrap(kek, msg);
                var unwrapped = AesKeyWrap.Unwrap(kek, ct);
                switch (test.Result)
                {
                    case WycheproofResult.Valid:
                        tally.Check(wrapped is not null && wrapped.AsSpan().SequenceEqual(ct), test, wrapped is null ? "Wrap threw on a valid key" : "Wrap gave a wrong ct");
                        tally.Check(unwrapped is not null && unwrapped.AsSpan().SequenceEqual(msg), test, unwrapped is null ? "Unwrap refused a valid ct" : "Unwrap gave a wrong key");
                        break;
                    case WycheproofResult.Invalid:
                        tally.Check(unwrapped is null, test, "Unwrap did not refuse an invalid ct");
                        tally.Check(wrapped is null || !wrapped.AsSpan().SequenceEqual(ct), test, "Wrap produced an invalid ct");
                        break;
                    default:
                        tally.Account(ShortKeyRefused);
                        tally.Account(wrapped is null ? "acceptable 8-byte key: Wrap refused (throws)" : "acceptable 8-byte key: Wrap gave ct");
                        tally.Check(test.Flags.SequenceEqual(["ShortKey"]), test, "an acceptable vector other than ShortKey: decide its expectation");
                        tally.Check(unwrapped is null, test, "Unwrap did not refuse a one-block wrapping");
                        tally.Check(wrapped is null || wrapped.AsSpan().SequenceEqual(ct), test, "Wrap gave a wrong one-block wrapping");
                        break;
                }
            }
        }

        output.WriteLine(tally.Summary());
        tally.AssertAll(valid: 36, invalid: 126, acceptable: 3);
        Assert.Equal(3, tally.Accounted.GetValueOrDefault(ShortKeyRefused));
    }

    /// <summary>Wrap, or null when the engine refuses the input (wrong length, empty key).</summary>
    private static byte[]? TryWrap(byte[] kek, byte[] key)
    {
        try
        {
            return AesKeyWrap.Wrap(kek, key);
        }
        catch (Org.BouncyCastle.Crypto.DataLengthException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
