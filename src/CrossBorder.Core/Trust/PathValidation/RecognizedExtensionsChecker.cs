using Org.BouncyCastle.Pkix;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Tells BouncyCastle's validator which critical extensions are handled outside it
/// (<see cref="ExtensionOids.HandledBesideBouncyCastle"/>), so that only truly unknown ones make
/// a certificate fail with "unsupported critical extension".
/// </summary>
internal sealed class RecognizedExtensionsChecker : PkixCertPathChecker
{
    public override void Init(bool forward)
    {
    }

    public override bool IsForwardCheckingSupported() => true;

    public override ISet<string> GetSupportedExtensions() => new HashSet<string>(ExtensionOids.HandledBesideBouncyCastle, StringComparer.Ordinal);

    public override void Check(BcCertificate cert, ISet<string> unresolvedCritExts)
    {
        ArgumentNullException.ThrowIfNull(unresolvedCritExts);
        unresolvedCritExts.ExceptWith(ExtensionOids.HandledBesideBouncyCastle);
    }
}
