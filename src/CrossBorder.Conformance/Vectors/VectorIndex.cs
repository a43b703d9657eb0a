namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// <c>vectors.json</c>, in the manner of Wycheproof: what made the set, the instant every vector is
/// judged at, the receiver's settings, what differs between two runs, the meaning of each flag,
/// and the test groups. Every value in it is deterministic for a given validation time.
/// </summary>
internal sealed record VectorIndex(
    string Schema,
    int Version,
    string Command,
    string ValidationTime,
    VectorReceiverSettings ReceiverSettings,
    IReadOnlyDictionary<string, string> Federation,
    IReadOnlyList<string> Randomness,
    IReadOnlyDictionary<string, string> Notes,
    int NumberOfTests,
    IReadOnlyList<VectorGroup> TestGroups);

/// <summary>The receiver's settings the expected outcomes assume (the reference defaults).</summary>
internal sealed record VectorReceiverSettings(int ClockSkewSeconds, int MaxMessageLifetimeHours, int MaxEnvelopeBytes, int TrustListGraceHours);

/// <summary>
/// Tests judged the same way. <see cref="Type"/> is <c>SealedEnvelope</c> (delivered to
/// <see cref="Receiver"/>, whose keys are <see cref="ReceiverFiles"/>, under the federation's trust
/// list), <c>TrustList</c> (offered to a gateway that accepted <see cref="CurrentSequence"/>), or
/// <c>Crl</c> (fetched CRLs offered under the federation's trust list).
/// </summary>
internal sealed record VectorGroup(string Type, string Comment, IReadOnlyList<VectorTest> Tests)
{
    public string? Receiver { get; init; }

    public IReadOnlyDictionary<string, string>? ReceiverFiles { get; init; }

    public ulong? CurrentSequence { get; init; }
}

/// <summary>
/// One vector: the files it is made of, the requirement ids it tests, and the expected outcome,
/// <c>valid</c> or <c>invalid</c> with the reason code name (common.proto, without its prefix).
/// </summary>
internal sealed record VectorTest(
    int TcId,
    string Comment,
    IReadOnlyList<string> Requirements,
    IReadOnlyDictionary<string, string> Files,
    string Result,
    string? Reason,
    IReadOnlyList<string> Flags)
{
    /// <summary>Envelopes: the participant the TLS connection proved the caller to be.</summary>
    public string? Peer { get; init; }

    /// <summary>Envelopes: <c>receipt</c> (a signed receipt, ACCEPTED or REJECTED) or <c>status</c> (a gRPC error).</summary>
    public string? AnsweredAs { get; init; }

    /// <summary>Trust lists: where an invalid vector is refused, <c>trustList</c> (the list) or <c>certificate</c> (the leaf under it).</summary>
    public string? Stage { get; init; }

    /// <summary>Trust lists and CRLs: the purpose the leaf certificate (file <c>certificate</c>) is validated for.</summary>
    public string? Purpose { get; init; }

    /// <summary>CRLs: the country the CRLs are offered for, in the order of files <c>crl1</c>, <c>crl2</c>, ...</summary>
    public string? Country { get; init; }

    /// <summary>CRLs: whether each offered CRL is kept.</summary>
    public IReadOnlyList<bool>? Admitted { get; init; }
}
