using System.Security.Cryptography;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using static CrossBorder.Conformance.Vectors.VectorFlags;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// CRLs fetched for Italy, offered in order under the federation's trust list (whose Italian CRLs
/// are number <see cref="VectorFederation.EmbeddedCrlNumber"/>, issued a day before the validation
/// time); then IT/NCP's signing certificate is validated for signing. A newer CRL that revokes it
/// is admitted and decides; an older one, or one not signed by a listed CA, changes nothing.
/// </summary>
internal static class CrlVectors
{
    public static VectorGroup Group(VectorFederation federation, VectorBook book)
    {
        var tests = new List<VectorTest>();
        var italy = federation.Countries["IT"];
        var signing = federation.Participants["IT/NCP"].Signing.Certificate;
        var number = VectorFederation.EmbeddedCrlNumber;
        var now = federation.Time;

        Add(federation, book, tests, "newer-revokes", "a CRL of the Italian participant CA, number and thisUpdate above the trust list's, revoking IT/NCP's signing certificate: admitted, it decides",
            ["WS-3-14", "WS-3-15"], [(CertificateFactory.Crl(italy.Intermediate, number + 1, now.AddHours(-1), federation.FarFuture, [signing]), true)], ReasonCode.Revoked);
        Add(federation, book, tests, "older-revokes", "a CRL of the same CA, number and thisUpdate below the trust list's, revoking the certificate: kept, but the newest numbered CRL (the trust list's) decides",
            ["WS-3-14"], [(CertificateFactory.Crl(italy.Intermediate, number - 1, now.AddDays(-2), federation.FarFuture, [signing]), true)], null);
        Add(federation, book, tests, "older-after-newer", "a newer CRL revoking nothing, then an older one revoking the certificate: the older is not admitted",
            ["WS-3-15"],
            [
                (CertificateFactory.Crl(italy.Intermediate, number + 2, now.AddHours(-1), federation.FarFuture, []), true),
                (CertificateFactory.Crl(italy.Intermediate, number + 1, now.AddHours(-2), federation.FarFuture, [signing]), false),
            ],
            null);
        using (var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            Add(federation, book, tests, "signed-by-unlisted-ca", "a newer CRL in the Italian participant CA's name, signed by a key no CA of the trust list holds: not admitted",
                ["WS-3-15"], [(CertificateFactory.Crl(italy.Intermediate, forger, number + 1, now.AddHours(-1), federation.FarFuture, [signing]), false)], null);
        }

        Add(federation, book, tests, "this-update-in-future", "a newer CRL whose thisUpdate is an hour after the validation time (beyond the 300-second skew): not admitted",
            ["WS-3-15"], [(CertificateFactory.Crl(italy.Intermediate, number + 1, now.AddHours(1), federation.FarFuture, [signing]), false)], null);
        return new VectorGroup("Crl", "CRLs fetched for IT, offered in order under federation/trust-list.p7; then IT/NCP's signing certificate is validated for signing", tests);
    }

    private static void Add(
        VectorFederation federation, VectorBook book, List<VectorTest> tests, string slug, string comment, string[] requirements, (byte[] Crl, bool Admitted)[] crls, ReasonCode? reason)
    {
        var id = book.Next();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["trustList"] = "federation/trust-list.p7",
            ["certificate"] = $"{federation.Participants["IT/NCP"].Directory}/signing.crt",
        };
        for (var i = 0; i < crls.Length; i++)
        {
            files[$"crl{i + 1}"] = book.Add("crls", id, crls.Length == 1 ? slug : $"{slug}-{i + 1}", "crl", crls[i].Crl);
        }

        var (result, name) = VectorBook.Outcome(reason);
        tests.Add(new VectorTest(id, comment, requirements, files, result, name, [FetchedCrl])
        {
            Country = "IT",
            Purpose = nameof(CertificatePurpose.Signing),
            Admitted = [.. crls.Select(c => c.Admitted)],
        });
    }
}
