using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using Google.Protobuf;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// The SHA-256 of a routing header's fields, kept with an inbox message so that a repeat of it (the
/// same sealed bytes) is answered the stored receipt only under the same routing header. Two headers
/// have the same digest exactly when <see cref="EnvelopeOpener"/>'s binding check finds them equal
/// field by field: the digest is over every field the contract defines, encoded in field order, and
/// not over unknown fields of the header itself, which the binding does not compare either.
/// </summary>
public static class RouteDigest
{
    /// <summary>The digest of <paramref name="route"/>'s defined fields.</summary>
    public static byte[] Of(RouteHeader route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var fields = new RouteHeader();
        foreach (var field in RouteHeader.Descriptor.Fields.InFieldNumberOrder())
        {
            field.Accessor.SetValue(fields, field.Accessor.GetValue(route));
        }

        return SHA256.HashData(fields.ToByteArray());
    }
}
