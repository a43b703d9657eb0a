using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CrossBorder.Core.Storage;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// One-time login codes for the console. <c>crossborder ops login</c> (run by whoever may read the
/// gateway's data folder) makes a code and leaves its SHA-256 and expiry as a file in the ops folder;
/// the running gateway redeems a code once, by moving that file away, so two sign-ins racing with one
/// code cannot both win. The code itself is shown once and never stored.
/// </summary>
internal sealed class OpsLogins(string opsFolder, TimeProvider time)
{
    /// <summary>Characters of a code (RFC 4648 base32): no 0/1/8/9 to misread.</summary>
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Random bytes in a code: 160 bits, 32 characters.</summary>
    private const int CodeBytes = 20;

    private const int CodeCharacters = CodeBytes * 8 / 5;

    private string Folder => Path.Combine(opsFolder, "logins");

    /// <summary>Makes a code usable for <paramref name="lifetime"/>; returns it as the operator types it (groups of four).</summary>
    public string Create(TimeSpan lifetime)
    {
        var code = Encode(RandomNumberGenerator.GetBytes(CodeBytes));
        PrivateFolder.Create(opsFolder);
        PrivateFolder.Create(Folder);
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(PathOf(code), create))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(expires);
        }

        return string.Join('-', Enumerable.Range(0, CodeCharacters / 4).Select(i => code.Substring(i * 4, 4)));
    }

    /// <summary>
    /// Redeems a code typed by someone: true once, while it is unexpired; false for anything else
    /// (malformed, unknown, used or expired), without saying which. Expired codes are swept on the way.
    /// </summary>
    public bool Redeem(string? typed)
    {
        Sweep();
        var code = Normalize(typed);
        if (code is null)
        {
            return false;
        }

        var path = PathOf(code);
        var taken = $"{path}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}.used";
        try
        {
            File.Move(path, taken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        try
        {
            return long.TryParse(File.ReadAllText(taken), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                && time.GetUtcNow().ToUnixTimeMilliseconds() < expires;
        }
        finally
        {
            File.Delete(taken);
        }
    }

    /// <summary>The code as stored: upper case, without separators; null unless it is exactly a code's characters.</summary>
    private static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 2 * CodeCharacters)
        {
            return null;
        }

        var code = new StringBuilder(CodeCharacters);
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            code.Append(upper);
        }

        return code.Length == CodeCharacters ? code.ToString() : null;
    }

    private string PathOf(string code) =>
        Path.Combine(Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(code))) + ".login");

    private void Sweep()
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.login"))
        {
            try
            {
                if (!long.TryParse(File.ReadAllText(file), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires <= now)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // Redeemed or swept by another request meanwhile.
            }
        }
    }

    private static string Encode(byte[] bytes)
    {
        var text = new StringBuilder(CodeCharacters);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
