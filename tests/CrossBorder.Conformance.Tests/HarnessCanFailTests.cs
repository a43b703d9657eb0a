using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Tests.Infrastructure;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Conformance.Tests;

/// <summary>
/// Proof that the harness can fail: a peer face that is our gateway but for one skipped check or
/// one spoilt answer makes exactly the cases of that rule fail — each with what it saw instead —
/// and every other case still passes.
/// </summary>
public sealed class HarnessCanFailTests(FederationFixture federation) : IClassFixture<FederationFixture>, IDisposable
{
    private static readonly string[] Receipts =
    [
        "content.header-legal-basis-free-text", "content.header-no-policy-stamp", "content.header-reply-id-free-text",
        "freshness.expired", "freshness.not-yet-valid", "freshness.too-long-lived",
        "receipts.aggregate-statistics", "receipts.case-referral", "receipts.child-protection-exchange", "receipts.correction-or-withdrawal-notice",
        "receipts.reception-confirmation", "receipts.return-plan", "receipts.return-risk-assessment",
        "algorithms.ecdh-with-ukm", "cms.encrypted-content-signed-data", "cms.extra-signed-attribute", "cms.optional-parts", "envelope.larger-size-bucket",
        "content.payload-free-text-country", "content.payload-free-text-date", "content.payload-free-text-subdivision",
        "receipts.signed-data-not-encrypted", "size.envelope-at-limit",
    ];

    private static readonly string[] NeedAnAcceptedFirst = ["duplicates.id-conflict", "duplicates.same-receipt", "duplicates.same-bytes-other-route", "duplicates.refused-then-judged-anew", "receipts.reason-matches-outcome"];

    private static readonly Dictionary<string, (PeerFault Fault, string[] Failing, string Saw, string[] AlsoSkipped)> Faults = new()
    {
        ["no AES-GCM check"] = (new("no AES-GCM check", AcceptsInsteadOf: ReasonCode.DecryptFailed),
            ["envelope.tampered-ciphertext", "envelope.tampered-tag", "envelope.tampered-wrapped-key"], "saw a signed receipt", []),
        ["no signer path check"] = (new("no signer path check", AcceptsInsteadOf: ReasonCode.Untrusted), ["envelope.untrusted-signer"], "saw a signed receipt", []),
        ["no header binding"] = (new("no header binding", AcceptsInsteadOf: ReasonCode.HeaderMismatch),
            ["binding.conversation-id", "binding.created-at", "binding.expires-at", "binding.length-not-size-bucket", "binding.message-id", "binding.message-type", "binding.payload-type", "binding.size-bucket", "duplicates.same-bytes-other-route"], "saw a signed receipt", []),
        ["unknown fields ignored"] = (new("unknown fields ignored", AcceptsInsteadOf: ReasonCode.UnknownField),
            ["content.unknown-field-envelope", "content.unknown-field-fixed32", "content.unknown-field-fixed64", "content.unknown-field-group", "content.unknown-field-length-delimited", "content.unknown-field-varint", "transport.deliver-request-unknown-field"],
            "saw a signed receipt", []),
        ["no freshness check"] = (new("no freshness check", AcceptsInsteadOf: ReasonCode.Stale),
            ["freshness.expired", "freshness.not-yet-valid", "freshness.too-long-lived", "refusals.signing-time-in-the-future"], "receipt", []),
        ["no header format check"] = (new("no header format check", AcceptsInsteadOf: ReasonCode.InvalidFormat),
            ["content.header-legal-basis-free-text", "content.header-no-policy-stamp", "content.header-reply-id-free-text",
                "content.payload-free-text-country", "content.payload-free-text-date", "content.payload-free-text-subdivision"], "saw a verified ACCEPTED receipt", ["duplicates.refused-then-judged-anew"]),
        ["id conflicts accepted"] = (new("id conflicts accepted", AcceptsInsteadOf: ReasonCode.IdConflict), ["duplicates.id-conflict"], "saw a verified ACCEPTED receipt", []),
        ["no size limit"] = (new("no size limit", AcceptsInsteadOf: ReasonCode.TooLarge), ["size.oversize-envelope", "size.largest-grpc-message"], "saw a signed receipt", []),
        ["no recipient check"] = (new("no recipient check", AcceptsInsteadOf: ReasonCode.NotARecipient),
            ["envelope.sealed-to-another", "routing.recipient-not-target", "conventions.recipient-in-lower-case"], "saw a signed receipt", []),
        ["sender not bound to the TLS peer"] = (new("sender not bound to the TLS peer", AcceptsInsteadOf: ReasonCode.SignerMismatch), ["routing.sender-not-tls-peer", "conventions.sender-in-lower-case"], "saw a signed receipt", []),
        ["no may_send check"] = (new("no may_send check", AcceptsInsteadOf: ReasonCode.NotAuthorized), ["routing.type-not-in-may-send", "routing.channels-crossed"], "saw a signed receipt", []),
        ["repeat gets a new receipt"] = (new("repeat gets a new receipt", FreshReceiptOnRepeat: true), ["duplicates.same-receipt"], "that differs from the first", []),
        ["receipt digest of other bytes"] = (new("receipt digest of other bytes", WrongDigest: true), Receipts,
            "fails the sender's check: HEADER_MISMATCH (receipt digest differs from the sealed bytes sent)", NeedAnAcceptedFirst),
        ["receipt signed by another participant"] = (new("receipt signed by another participant", SignedByAnother: true), Receipts,
            "fails the sender's check: SIGNER_MISMATCH", NeedAnAcceptedFirst),
        ["TLS 1.2 accepted"] = (new("TLS 1.2 accepted", AllowsTls12: true), ["transport.tls12-refused"], "saw a signed receipt", []),
        ["client certificates of any CA"] = (new("client certificates of any CA", AnyClientCertificate: true), ["transport.foreign-client-ca"], "saw a signed receipt", []),
        ["no algorithm allow-list"] = (new("no algorithm allow-list", AcceptsInsteadOf: ReasonCode.AlgRefused),
            ["algorithms.content-aes256-cbc", "algorithms.digest-sha1", "algorithms.ecdh-sha1-kdf", "algorithms.enveloped-data-cbc", "algorithms.signature-ecdsa-sha1", "algorithms.signature-pkcs1", "cms.auth-attributes"],
            "saw a signed receipt", []),
        ["no signature check"] = (new("no signature check", AcceptsInsteadOf: ReasonCode.BadSignature),
            ["cms.ecdsa-signature-not-der", "cms.signature-does-not-verify"], "saw a signed receipt", []),
        ["embedded certificates not counted"] = (new("embedded certificates not counted", AcceptsInsteadOf: ReasonCode.PathLimit), ["cms.nine-certificates"], "saw a signed receipt", []),
        ["no DER and structure checks"] = (new("no DER and structure checks", AcceptsInsteadOf: ReasonCode.Malformed),
            ["cms.attribute-repeated", "cms.auth-enveloped-version", "cms.ber-outer-length", "cms.ber-signed-data", "cms.econtent-type-not-data", "cms.encrypted-content-type-other", "cms.signing-time-missing", "cms.two-signers",
                "content.nonzero-padding", "content.signed-content-not-protobuf", "envelope.not-cms", "routing.malformed-message-id"],
            "saw a signed receipt", []),
        ["optional envelope parts refused"] = (new("optional envelope parts refused", RefusesSealed: HasOptionalEnvelopeParts),
            ["cms.optional-parts"], "saw status InvalidArgument with reason MALFORMED", []),
        ["ACCEPTED receipts carry a reason"] = (new("ACCEPTED receipts carry a reason", AcceptedWithReason: true), ["receipts.reason-matches-outcome"], "saw ACCEPTED with reason 16", []),
        ["refusals tell the exception"] = (new("refusals tell the exception", LeakyRefusals: true), ["refusals.nothing-given-away"], "'Exception' in the message of", []),
        ["refusals with another gRPC status"] = (new("refusals with another gRPC status", WrongStatus: true), ["codes.table"], "with status", []),
        ["channels not kept apart"] = (new("channels not kept apart", NoChannelCheck: true), ["routing.channels-crossed"], "saw a signed receipt", []),
        ["unknown fields of DeliverRequest dropped"] = (new("unknown fields of DeliverRequest dropped", DropsRequestUnknownFields: true), ["transport.deliver-request-unknown-field"], "saw a signed receipt", []),
    };

    private readonly TempDirectory _data = new();

    public static TheoryData<string> FaultNames => [.. Faults.Keys];

    public void Dispose() => _data.Dispose();

    [Theory]
    [MemberData(nameof(FaultNames))]
    public async Task A_peer_face_that_breaks_one_rule_fails_exactly_that_rules_cases(string name)
    {
        var (fault, failing, saw, alsoSkipped) = Faults[name];
        await using var gateway = await TestGateway.StartAsync(federation, Harness.Target, o => o.DataDirectory = _data.File("al"));
        await using var face = await FaultyPeerFace.StartAsync(federation, gateway, Harness.Target, relayAs: Harness.Sender, otherSigner: "GR/NCP", fault);

        var report = await Harness.RunAsync(federation, face.Address);

        Assert.Equal(failing.Order(StringComparer.Ordinal), report.With(CaseStatus.Fail));
        Assert.All(report.Results.Where(r => r.Verdict.Status == CaseStatus.Fail), r => Assert.Contains(saw, r.Verdict.Saw, StringComparison.Ordinal));
        Assert.Equal(Harness.SkippedAgainstTarget.Concat(alsoSkipped).Order(StringComparer.Ordinal), report.With(CaseStatus.Skip));
        Assert.True(report.MustFailed);
    }

    [Fact]
    public async Task A_peer_face_with_an_rsa_key_and_no_algorithm_allow_list_fails_the_key_transport_cases_too()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "GR/NCP", o => o.DataDirectory = _data.File("gr"));
        await using var face = await FaultyPeerFace.StartAsync(federation, gateway, "GR/NCP", relayAs: Harness.Sender, otherSigner: Harness.Target,
            new PeerFault("no algorithm allow-list", AcceptsInsteadOf: ReasonCode.AlgRefused));

        var report = await Harness.RunAsync(federation, face.Address, only: 5);

        string[] failing = ["algorithms.content-aes256-cbc", "algorithms.digest-sha1", "algorithms.enveloped-data-cbc", "algorithms.key-transport-oaep-sha1",
            "algorithms.key-transport-pkcs1", "algorithms.signature-ecdsa-sha1", "algorithms.signature-pkcs1", "cms.auth-attributes"];
        Assert.Equal(failing, report.With(CaseStatus.Fail));
        Assert.All(report.Results.Where(r => r.Verdict.Status == CaseStatus.Fail), r => Assert.Contains("saw a signed receipt", r.Verdict.Saw, StringComparison.Ordinal));
        Assert.Equal(Harness.NeedAnEcTarget, report.Results.Where(r => r.Verdict.Status == CaseStatus.Skip && r.Spec.Id.StartsWith("algorithms.", StringComparison.Ordinal)).Select(r => r.Spec.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>Whether an AuthEnvelopedData carries originatorInfo or unauthAttrs, which a receiver must ignore ([WS-5-4]).</summary>
    private static bool HasOptionalEnvelopeParts(byte[] sealedBytes)
    {
        try
        {
            var authEnvelopedData = DerNode.Parse(sealedBytes).Children[1].Children[0];
            return authEnvelopedData.Children.Any(c => c.Tag is 0xA0 or 0xA2);
        }
        catch (Exception ex) when (ex is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
