using CrossBorder.Contracts.V1;

namespace CrossBorder.Conformance.Tests.Infrastructure;

/// <summary>
/// One rule a <see cref="FaultyPeerFace"/> breaks, and nothing else: it skips the check behind a
/// reason code (answering ACCEPTED where our gateway refuses or rejects with it), or spoils its
/// receipts in one way, or loosens its TLS in one way.
/// </summary>
/// <param name="Name">For the test's display.</param>
/// <param name="AcceptsInsteadOf">Answers a signed ACCEPTED receipt wherever the gateway refused or rejected with this reason.</param>
/// <param name="WrongDigest">Receipts carry the digest of other bytes than those received.</param>
/// <param name="FreshReceiptOnRepeat">A repeated delivery of the same bytes gets a newly signed receipt instead of the first.</param>
/// <param name="SignedByAnother">Receipts are signed by another participant of the federation.</param>
/// <param name="AllowsTls12">The peer face accepts TLS 1.2 as well as 1.3.</param>
/// <param name="AnyClientCertificate">The peer face accepts a client certificate from any CA.</param>
/// <param name="RefusesSealed">The peer face is stricter than the spec: sealed bytes this matches are refused with MALFORMED.</param>
internal sealed record PeerFault(
    string Name,
    ReasonCode? AcceptsInsteadOf = null,
    bool WrongDigest = false,
    bool FreshReceiptOnRepeat = false,
    bool SignedByAnother = false,
    bool AllowsTls12 = false,
    bool AnyClientCertificate = false,
    Func<byte[], bool>? RefusesSealed = null)
{
    public bool SpoilsReceipts => WrongDigest || FreshReceiptOnRepeat || SignedByAnother;

    public override string ToString() => Name;
}
