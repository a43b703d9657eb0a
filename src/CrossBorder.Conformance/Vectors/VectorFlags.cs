namespace CrossBorder.Conformance.Vectors;

/// <summary>The flags of the vectors and what each means (the index's notes).</summary>
internal static class VectorFlags
{
    public const string Valid = "Valid";
    public const string Tampered = "Tampered";
    public const string NotCms = "NotCms";
    public const string Routing = "Routing";
    public const string Exchange = "ExchangeRules";
    public const string HeaderBinding = "HeaderBinding";
    public const string SignerPath = "SignerPath";
    public const string SignerBinding = "SignerBinding";
    public const string Recipient = "Recipient";
    public const string UnknownField = "UnknownField";
    public const string Content = "Content";
    public const string SigningTime = "SigningTime";
    public const string Freshness = "Freshness";
    public const string Boundary = "Boundary";
    public const string HeaderFormat = "HeaderFormat";
    public const string RsaRecipient = "RsaRecipient";
    public const string TrustListSignature = "TrustListSignature";
    public const string TrustListContent = "TrustListContent";
    public const string Rollback = "Rollback";
    public const string TrustListFreshness = "TrustListFreshness";
    public const string CertificateUnderList = "CertificateUnderList";
    public const string FetchedCrl = "FetchedCrl";

    public static readonly IReadOnlyDictionary<string, string> Notes = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [Valid] = "A well-formed input the receiver accepts.",
        [Tampered] = "One bit of the sealed bytes flipped after sealing (ciphertext, GCM tag or wrapped content-encryption key): every such failure reads DECRYPT_FAILED.",
        [NotCms] = "Sealed bytes that are not a DER CMS ContentInfo.",
        [Routing] = "The clear routing header fails a check made before anything is decrypted (section 4.2).",
        [Exchange] = "The trust list does not let this sender send this type to this receiver (section 4.3).",
        [HeaderBinding] = "The clear routing header differs from the signed inner header, or the signed content from its recorded size or type (section 6).",
        [SignerPath] = "The signer's certificate fails path validation for the signing purpose under the trust list (sections 3.3 to 3.5, WS-5-20).",
        [SignerBinding] = "The signer is a valid participant, but not the routing sender (WS-6-4).",
        [Recipient] = "The envelope is not for this receiver: routed or encrypted to another participant.",
        [UnknownField] = "An encoding carries a field its contract does not define (one of each wire type).",
        [Content] = "The signed content: its padding, size bucket and payload values (sections 5.6, 7.1 and 7.3).",
        [SigningTime] = "The signing-time attribute is later than the validation time plus the skew: refused while opening, a gRPC error (WS-8-1).",
        [Freshness] = "The routing times put the authenticated message out of its lifetime at the validation time: a signed REJECTED receipt (section 8).",
        [Boundary] = "A value exactly at a limit (accepted) or just past it (refused).",
        [HeaderFormat] = "A signed inner header field outside its form (WS-7-7): a signed REJECTED receipt INVALID_FORMAT. The text used is not personal data.",
        [RsaRecipient] = "Sealed to an RSA encryption certificate (RSAES-OAEP key transport); the others use EC key agreement.",
        [TrustListSignature] = "The signed list is not signed by the pinned operator, or its signature does not verify (WS-3-1).",
        [TrustListContent] = "The list's content breaks its contract (WS-3-2).",
        [Rollback] = "The list's sequence is not above the current one the group names (WS-3-3).",
        [TrustListFreshness] = "The list's next_update plus the 24-hour grace against the validation time (WS-3-5).",
        [CertificateUnderList] = "The list is accepted; a participant certificate is then validated under it for the purpose given, without presented intermediates.",
        ["TooLarge"] = "No vector carries this flag: an envelope above the receiver's envelope limit (16 MiB) is refused TOO_LARGE before it is parsed (WS-9-1). Make one by appending a length-delimited unknown field of 16 MiB to any envelope here; it is not checked in, to keep the set small.",
        [FetchedCrl] = "CRLs fetched from a country's CRL location, offered in order after the trust list; the leaf is then validated with the newest numbered CRL deciding (WS-3-14, WS-3-15).",
    };
}
