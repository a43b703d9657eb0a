namespace CrossBorder.Core.Storage;

/// <summary>
/// A signed statement of the audit chain's head: "entry <paramref name="Sequence"/> has hash
/// <paramref name="Hash"/>", made by this gateway at <paramref name="At"/>. The hash of an entry covers
/// every entry before it, so a checkpoint kept outside the database catches what the chain alone cannot:
/// a cut tail, or a chain rewritten with fresh hashes. Built and checked by <see cref="AuditCheckpoints"/>.
/// </summary>
/// <param name="Sequence">The sequence of the head entry signed (from 1).</param>
/// <param name="Hash">That entry's hash (32 bytes).</param>
/// <param name="At">When it was signed, to the millisecond.</param>
/// <param name="Signer">SHA-256 fingerprint (upper-case hex) of the signing certificate.</param>
/// <param name="Signature">A DER CMS SignedData (ContentInfo) over <see cref="AuditCheckpoints.ToBeSigned"/> of the fields above, with the signing certificate embedded.</param>
public sealed record AuditCheckpoint(long Sequence, byte[] Hash, DateTimeOffset At, string Signer, byte[] Signature);
