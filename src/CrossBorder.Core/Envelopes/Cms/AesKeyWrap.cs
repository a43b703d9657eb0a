using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>RFC 3394 AES key wrap (BouncyCastle's engine; .NET has none).</summary>
internal static class AesKeyWrap
{
    public static byte[] Wrap(byte[] kek, byte[] key)
    {
        var engine = new AesWrapEngine();
        engine.Init(true, new KeyParameter(kek));
        return engine.Wrap(key, 0, key.Length);
    }

    /// <summary>Unwraps; null when the integrity check fails or the input has the wrong shape.</summary>
    public static byte[]? Unwrap(byte[] kek, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length < 24 || wrapped.Length % 8 != 0)
        {
            return null;
        }

        var engine = new AesWrapEngine();
        engine.Init(false, new KeyParameter(kek));
        try
        {
            return engine.Unwrap(wrapped.ToArray(), 0, wrapped.Length);
        }
        catch (InvalidCipherTextException)
        {
            return null;
        }
    }
}
