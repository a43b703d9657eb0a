using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Storage;
using Google.Protobuf;

namespace CrossBorder.Core.Tests.Storage;

/// <summary>
/// A checkpoint is the chain's head signed in a CMS SignedData over a labelled, length-prefixed
/// encoding of its own fields; it verifies only with those fields and one of the gateway's own signing certificates.
/// </summary>
public sealed class AuditCheckpointsTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, 123, TimeSpan.Zero);
    private static readonly AuditHead Head = new(1000, SHA256.HashData("entry 1000"u8));

    private readonly TestCertificate _own = Signing("CN=IT/NCP signing", At.AddDays(-10), At.AddYears(1));
    private readonly TestCertificate _rollover = Signing("CN=IT/NCP signing 2", At.AddDays(-1), At.AddYears(2));
    private readonly TestCertificate _stranger = Signing("CN=someone else", At.AddDays(-10), At.AddYears(1));

    public void Dispose()
    {
        _own.Dispose();
        _rollover.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public void A_signed_head_verifies_with_the_gateway_s_signing_certificates_and_names_its_signer()
    {
        var checkpoint = AuditCheckpoints.Sign(Head, At, Identity(_own));

        Assert.Equal(Head.Sequence, checkpoint.Sequence);
        Assert.Equal(Head.Hash, checkpoint.Hash);
        Assert.Equal(At, checkpoint.At);
        Assert.Equal(_own.Certificate.GetCertHashString(HashAlgorithmName.SHA256), checkpoint.Signer);
        Assert.Null(AuditCheckpoints.Problem(checkpoint, [_own.Certificate]));
        Assert.Null(AuditCheckpoints.Problem(checkpoint, [_rollover.Certificate, _own.Certificate]));
    }

    [Fact]
    public void The_signed_bytes_are_the_label_then_the_fields_length_prefixed()
    {
        var signer = new string('B', 64);
        var expected = new List<byte>(Encoding.UTF8.GetBytes("crossborder audit checkpoint v1"));
        expected.AddRange(Int64(1000));
        expected.AddRange(Int32(32));
        expected.AddRange(Head.Hash);
        expected.AddRange(Int64(At.ToUnixTimeMilliseconds()));
        expected.AddRange(Int32(64));
        expected.AddRange(Encoding.UTF8.GetBytes(signer));

        Assert.Equal(expected.ToArray(), AuditCheckpoints.ToBeSigned(1000, Head.Hash, At, signer));
    }

    [Fact]
    public void A_checkpoint_whose_fields_differ_from_what_was_signed_is_HEADER_MISMATCH()
    {
        var checkpoint = AuditCheckpoints.Sign(Head, At, Identity(_own));

        Assert.Equal(ReasonCode.HeaderMismatch, AuditCheckpoints.Problem(checkpoint with { Sequence = 1001 }, [_own.Certificate]));
        Assert.Equal(ReasonCode.HeaderMismatch, AuditCheckpoints.Problem(checkpoint with { Hash = SHA256.HashData("other"u8) }, [_own.Certificate]));
        Assert.Equal(ReasonCode.HeaderMismatch, AuditCheckpoints.Problem(checkpoint with { At = At.AddMilliseconds(1) }, [_own.Certificate]));
        Assert.Equal(ReasonCode.HeaderMismatch, AuditCheckpoints.Problem(checkpoint with { Signer = new string('C', 64) }, [_own.Certificate]));
    }

    [Fact]
    public void A_checkpoint_signed_by_a_certificate_that_is_not_the_gateway_s_own_is_SIGNER_MISMATCH()
    {
        var checkpoint = AuditCheckpoints.Sign(Head, At, Identity(_stranger));

        Assert.Null(AuditCheckpoints.Problem(checkpoint, [_stranger.Certificate]));
        Assert.Equal(ReasonCode.SignerMismatch, AuditCheckpoints.Problem(checkpoint, [_own.Certificate, _rollover.Certificate]));
    }

    [Fact]
    public void A_checkpoint_naming_one_of_our_certificates_but_signed_by_another_is_SIGNER_MISMATCH()
    {
        var forged = AuditCheckpoints.Sign(Head, At, Identity(_stranger));
        var ownFingerprint = _own.Certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var claimed = AuditCheckpoints.Sign(Head, At, Identity(_stranger)) with { Signer = ownFingerprint };

        Assert.Equal(ReasonCode.SignerMismatch, AuditCheckpoints.Problem(forged, [_own.Certificate]));
        Assert.Equal(ReasonCode.HeaderMismatch, AuditCheckpoints.Problem(claimed, [_own.Certificate]));
    }

    [Fact]
    public void An_altered_signature_is_BAD_SIGNATURE_and_bytes_that_are_no_SignedData_are_MALFORMED()
    {
        var checkpoint = AuditCheckpoints.Sign(Head, At, Identity(_own));
        var altered = (byte[])checkpoint.Signature.Clone();
        altered[^1] ^= 0x01;

        Assert.Equal(ReasonCode.BadSignature, AuditCheckpoints.Problem(checkpoint with { Signature = altered }, [_own.Certificate]));
        Assert.Equal(ReasonCode.Malformed, AuditCheckpoints.Problem(checkpoint with { Signature = [0x30, 0x03, 0x02, 0x01, 0x01] }, [_own.Certificate]));
        Assert.Equal(ReasonCode.Malformed, AuditCheckpoints.Problem(checkpoint with { Signature = [] }, [_own.Certificate]));
        Assert.Equal(ReasonCode.TooLarge, AuditCheckpoints.Problem(checkpoint with { Signature = new byte[AuditCheckpoints.MaxSignatureBytes + 1] }, [_own.Certificate]));
        Assert.Equal(ReasonCode.Malformed, AuditCheckpoints.Problem(checkpoint with { Hash = [1, 2, 3] }, [_own.Certificate]));
    }

    [Fact]
    public void A_receipt_signed_with_the_same_key_does_not_pass_for_a_checkpoint()
    {
        var checkpoint = AuditCheckpoints.Sign(Head, At, Identity(_own));
        var receipt = ReceiptCodec.Sign(new Receipt { MessageId = "m", Sender = "AL/NCP", Recipient = "IT/NCP", SealedSha256 = ByteString.CopyFrom(Head.Hash) }, Identity(_own), At);

        Assert.Equal(ReasonCode.HeaderMismatch, AuditCheckpoints.Problem(checkpoint with { Signature = receipt }, [_own.Certificate]));
    }

    [Fact]
    public void A_checkpoint_dated_outside_its_signer_s_validity_is_EXPIRED()
    {
        var late = AuditCheckpoints.Sign(Head, At.AddYears(2), Identity(_own));

        Assert.Equal(ReasonCode.Expired, AuditCheckpoints.Problem(late, [_own.Certificate]));
    }

    [Fact]
    public void An_empty_chain_has_no_head_to_sign()
    {
        Assert.Throws<ArgumentException>(() => AuditCheckpoints.Sign(new AuditHead(0, AuditChain.Genesis.ToArray()), At, Identity(_own)));
    }

    private static TestCertificate Signing(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        TestCertificateBuilder.For(subject).EcKey().EndEntity().Valid(notBefore, notAfter).Build();

    private static SigningIdentity Identity(TestCertificate certificate) => new(certificate.Certificate, certificate.Key, []);

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
