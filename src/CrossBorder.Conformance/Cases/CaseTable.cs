using CrossBorder.Conformance.Model;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Every case's place in docs/wire-spec.md: case id, section, requirement id and level, in one
/// table. Requirement ids are those of docs/conformance/requirements.tsv (a test checks that each
/// is listed there with the same section and level).
/// </summary>
internal static class CaseTable
{
    private const CaseLevel Must = CaseLevel.Must;

    public static readonly IReadOnlyList<CaseSpec> Rows =
    [
        // 1 Conventions
        new("conventions.recipient-in-lower-case", 1, "WS-1-1", Must),
        new("conventions.sender-in-lower-case", 1, "WS-1-1", Must),

        // 2 Transport
        new("transport.server-identity", 2, "WS-2-7", Must),
        new("transport.tls12-refused", 2, "WS-2-1", Must),
        new("transport.foreign-client-ca", 2, "WS-2-3", Must),
        new("transport.no-client-certificate", 2, "WS-2-2", Must, Also: ["WS-12-4"]),
        new("transport.http11-refused", 2, "WS-2-8", Must),
        new("transport.deliver-request-unknown-field", 2, "WS-2-10", Must),
        new("transport.ping-answer", 2, "WS-2-13", Must),
        new("transport.ping-request-unknown-field", 2, "WS-2-13", Must),

        // 3 Trust list
        new("trust.signed-with-tls-certificate", 3, "WS-3-8", Must),
        new("trust.signed-with-encryption-certificate", 3, "WS-3-8", Must),

        // 4 Routing header
        new("routing.sender-not-tls-peer", 4, "WS-4-4", Must),
        new("routing.recipient-not-target", 4, "WS-4-3", Must),
        new("routing.type-not-in-may-send", 4, "WS-4-8", Must),
        new("routing.unknown-message-type", 4, "WS-4-6", Must),
        new("routing.unsupported-schema-version", 4, "WS-4-7", Must),
        new("routing.malformed-message-id", 4, "WS-4-5", Must),
        new("routing.no-route", 4, "WS-4-2", Must),
        new("routing.envelope-not-protobuf", 4, "WS-4-2", Must),
        new("routing.channels-crossed", 4, "WS-4-9", Must),

        // 5 Sealed envelope
        new("envelope.not-cms", 5, "WS-5-1", Must),
        new("envelope.tampered-ciphertext", 5, "WS-5-13", Must),
        new("envelope.tampered-tag", 5, "WS-5-13", Must),
        new("envelope.tampered-wrapped-key", 5, "WS-5-13", Must),
        new("envelope.sealed-to-another", 5, "WS-5-9", Must),
        new("envelope.untrusted-signer", 5, "WS-5-20", Must),
        new("algorithms.enveloped-data-cbc", 5, "WS-5-1", Must),
        new("algorithms.content-aes256-cbc", 5, "WS-5-6", Must),
        new("algorithms.key-transport-pkcs1", 5, "WS-5-10", Must),
        new("algorithms.key-transport-oaep-sha1", 5, "WS-5-10", Must),
        new("algorithms.ecdh-sha1-kdf", 5, "WS-5-11", Must),
        new("algorithms.ecdh-with-ukm", 5, "WS-5-12", Must),
        new("algorithms.digest-sha1", 5, "WS-5-16", Must),
        new("algorithms.signature-ecdsa-sha1", 5, "WS-5-18", Must),
        new("algorithms.signature-pkcs1", 5, "WS-5-18", Must),
        new("cms.ber-outer-length", 5, "WS-5-2", Must),
        new("cms.ber-signed-data", 5, "WS-5-2", Must),
        new("cms.auth-enveloped-version", 5, "WS-5-3", Must),
        new("cms.auth-attributes", 5, "WS-5-3", Must),
        new("cms.encrypted-content-signed-data", 5, "WS-5-3", Must),
        new("cms.encrypted-content-type-other", 5, "WS-5-3", Must),
        new("cms.optional-parts", 5, "WS-5-4", Must),
        new("cms.two-signers", 5, "WS-5-14", Must),
        new("cms.econtent-type-not-data", 5, "WS-5-14", Must),
        new("cms.nine-certificates", 5, "WS-5-15", Must),
        new("cms.signing-time-missing", 5, "WS-5-17", Must),
        new("cms.attribute-repeated", 5, "WS-5-17", Must),
        new("cms.extra-signed-attribute", 5, "WS-5-17", Must),
        new("cms.signature-does-not-verify", 5, "WS-5-19", Must),
        new("cms.ecdsa-signature-not-der", 5, "WS-5-19", Must),
        new("envelope.larger-size-bucket", 5, "WS-5-22", Must),

        // 6 Inner header binding
        new("binding.message-id", 6, "WS-6-2", Must),
        new("binding.conversation-id", 6, "WS-6-2", Must),
        new("binding.message-type", 6, "WS-6-2", Must),
        new("binding.created-at", 6, "WS-6-2", Must),
        new("binding.expires-at", 6, "WS-6-2", Must),
        new("binding.size-bucket", 6, "WS-6-2", Must),
        new("binding.payload-type", 6, "WS-6-5", Must),
        new("binding.length-not-size-bucket", 6, "WS-6-3", Must),

        // 7 Content
        new("content.unknown-field-varint", 7, "WS-7-2", Must),
        new("content.unknown-field-fixed64", 7, "WS-7-2", Must),
        new("content.unknown-field-length-delimited", 7, "WS-7-2", Must),
        new("content.unknown-field-group", 7, "WS-7-2", Must),
        new("content.unknown-field-fixed32", 7, "WS-7-2", Must),
        new("content.nonzero-padding", 7, "WS-7-1", Must),
        new("content.unknown-field-envelope", 4, "WS-4-10", Must),
        new("content.header-legal-basis-free-text", 7, "WS-7-7", Must),
        new("content.header-reply-id-free-text", 7, "WS-7-7", Must),
        new("content.header-no-policy-stamp", 7, "WS-7-7", Must),
        new("content.signed-content-not-protobuf", 7, "WS-7-3", Must),
        new("content.payload-free-text-date", 7, "WS-7-5", Must),
        new("content.payload-free-text-country", 7, "WS-7-5", Must),
        new("content.payload-free-text-subdivision", 7, "WS-7-5", Must),

        // 8 Freshness and lifetimes
        new("freshness.expired", 8, "WS-8-4", Must),
        new("freshness.not-yet-valid", 8, "WS-8-3", Must),
        new("freshness.too-long-lived", 8, "WS-8-5", Must),

        // 9 Sizes
        new("size.oversize-envelope", 9, "WS-9-1", Must),
        new("size.largest-grpc-message", 9, "WS-9-2", Must),
        new("size.envelope-at-limit", 9, "WS-9-2", Must),

        // 10 Duplicates and id conflicts
        new("duplicates.same-receipt", 10, "WS-10-1", Must),
        new("duplicates.id-conflict", 10, "WS-10-3", Must, Also: ["WS-12-5"]),
        new("duplicates.same-bytes-other-route", 10, "WS-10-2", Must),
        new("duplicates.refused-then-judged-anew", 10, "WS-10-5", Must),

        // 11 Receipts: each message type delivered, its ACCEPTED receipt verified
        new("receipts.case-referral", 11, "WS-11-3", Must),
        new("receipts.identity-confirmation-request", 11, "WS-11-3", Must),
        new("receipts.identity-confirmation-response", 11, "WS-11-3", Must),
        new("receipts.return-risk-assessment", 11, "WS-11-3", Must),
        new("receipts.return-plan", 11, "WS-11-3", Must),
        new("receipts.reception-confirmation", 11, "WS-11-3", Must),
        new("receipts.child-protection-exchange", 11, "WS-11-3", Must),
        new("receipts.law-enforcement-information", 11, "WS-11-3", Must),
        new("receipts.correction-or-withdrawal-notice", 11, "WS-11-3", Must),
        new("receipts.aggregate-statistics", 11, "WS-11-3", Must),
        new("receipts.signed-data-not-encrypted", 11, "WS-11-1", Must, Also: ["WS-2-12", "WS-9-4", "WS-11-2"]),
        new("receipts.reason-matches-outcome", 11, "WS-11-4", Must),

        // 12 Refusals: these judge every refusal the run has seen, so they come late
        new("refusals.signing-time-in-the-future", 12, "WS-12-3", Must),
        new("refusals.concurrent-deliveries", 12, "WS-12-8", Must),
        new("refusals.error-info", 12, "WS-12-1", Must),
        new("refusals.nothing-given-away", 12, "WS-12-2", Must),

        // 13 Reason codes
        new("codes.table", 13, "WS-13-1", Must),

        // Last of all: it spends the sender's refusal budget and leaves it locked out until the target's window ends
        new("refusals.refusal-budget", 12, "WS-12-9", Must),
    ];

    /// <summary>The row of a case id; a case without a row is a programming error.</summary>
    public static CaseSpec Get(string id) =>
        Rows.FirstOrDefault(r => r.Id == id) ?? throw new InvalidOperationException($"case {id} has no row in the case table");
}
