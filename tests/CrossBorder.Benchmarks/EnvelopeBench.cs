using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Cli.DevPki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Benchmarks;

/// <summary>
/// Seal and open of a 4 KiB case payload between two dev participants (ECDSA P-256 signer, ECDH
/// P-256 recipient, trust-list path validation), against the floor: the primitives each
/// operation cannot avoid, measured in the same run.
/// </summary>
internal static class EnvelopeBench
{
    private const int PayloadBytes = 4096;

    public static IReadOnlyList<string> Run(string federationDirectory, TimeSpan round)
    {
        var layout = new DevFederationLayout(federationDirectory);
        var time = TimeProvider.System;
        var al = GatewayRuntimeLoader.Load(layout.GatewayConfig(ParticipantId.Parse("AL/NCP")), time, probePorts: false);
        var it = GatewayRuntimeLoader.Load(layout.GatewayConfig(ParticipantId.Parse("IT/NCP")), time, probePorts: false);

        using var signingKey = al.SigningCertificate.GetECDsaPrivateKey()!;
        var signer = new SigningIdentity(al.SigningCertificate, signingKey, al.TlsChain);
        using var recipientKey = RecipientKey.FromCertificate(it.EncryptionCertificate);
        var validator = new TrustListSignerValidator(new PeerCertificateValidator(() => it.Trust, time));
        var opener = new EnvelopeOpener(it.Participant, recipientKey, validator, time, TimeSpan.FromMinutes(2), al.MaxEnvelopeBytes);

        var payload = new CasePayload { ReturnPlan = new ReturnPlan { Remarks = new string('r', PayloadBytes) } };
        var header = new InnerHeader
        {
            Route = new RouteHeader
            {
                MessageId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ConversationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                Sender = "AL/NCP",
                Recipient = "IT/NCP",
                MessageType = MessageType.ReturnPlan,
                CreatedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
                ExpiresAt = Timestamp.FromDateTimeOffset(time.GetUtcNow().AddDays(1)),
            },
            Purpose = Purpose.ReturnCoordination,
            LegalBasis = "AL-IT/2019/TRM-MoU art. 6",
            PolicyStamp = new PolicyStamp { Id = "bench", Version = "1", Sha256 = ByteString.CopyFrom(new byte[32]) },
        };
        var sample = EnvelopeSealer.Seal(header, payload, signer, [it.EncryptionCertificate], time.GetUtcNow()).ToByteArray();

        // The primitives, on the same keys and sizes.
        var data = RandomNumberGenerator.GetBytes(PayloadBytes);
        var signature = signingKey.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var verifyKey = al.SigningCertificate.GetECDsaPublicKey()!;
        using var recipientPublic = it.EncryptionCertificate.GetECDiffieHellmanPublicKey()!;
        using var ephemeralSample = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ephemeralPoint = ephemeralSample.ExportParameters(false).Q;
        byte[] point = [0x04, .. ephemeralPoint.X!, .. ephemeralPoint.Y!];
        var gcmKey = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[PayloadBytes];
        var tag = new byte[16];
        using (var gcm = new AesGcm(gcmKey, 16))
        {
            gcm.Encrypt(nonce, data, ciphertext, tag);
        }

        var signerCertificates = new X509Certificate2Collection();
        var results = new[]
        {
            Measure.Run("seal (4 KiB ReturnPlan)", () => EnvelopeSealer.Seal(header, payload, signer, [it.EncryptionCertificate], time.GetUtcNow()), round),
            Measure.Run("open (4 KiB ReturnPlan)", () => opener.Open(sample), round),
            Measure.Run("ECDSA P-256 sign 4 KiB", () => signingKey.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), round),
            Measure.Run("ECDSA P-256 verify 4 KiB", () => verifyKey.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), round),
            Measure.Run("ECDH P-256 ephemeral key + derive", () =>
            {
                using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
                ephemeral.DeriveKeyFromHash(recipientPublic.PublicKey, HashAlgorithmName.SHA256);
            }, round),
            Measure.Run("ECDH P-256 import point + derive", () =>
            {
                using var peer = CmsPrimitives.ImportPeerPoint(recipientKey.Ecdh!, point)!;
                recipientKey.Ecdh!.DeriveKeyFromHash(peer.PublicKey, HashAlgorithmName.SHA256);
            }, round),
            Measure.Run("AES-256-GCM encrypt 4 KiB", () =>
            {
                using var gcm = new AesGcm(gcmKey, 16);
                gcm.Encrypt(nonce, data, new byte[PayloadBytes], new byte[16]);
            }, round),
            Measure.Run("AES-256-GCM decrypt 4 KiB", () => CmsPrimitives.AesGcmDecrypt(gcmKey, nonce, ciphertext, tag, default), round),
            Measure.Run("path validation (cached)", () => validator.Validate(al.SigningCertificate, signerCertificates, time.GetUtcNow()), round),
        };

        var byName = results.ToDictionary(r => r.Name);
        var actual = byName["seal (4 KiB ReturnPlan)"].SecondsPerOp + byName["open (4 KiB ReturnPlan)"].SecondsPerOp;
        var floor = results.Skip(2).Sum(r => r.SecondsPerOp);
        var lines = results.Select(r => $"  {r.Name,-36} {r.OpsPerSecond,12:N0} ops/s {r.BytesPerOp,12:N0} B/op").ToList();
        lines.Add($"  {"floor (sum of the primitives)",-36} {1 / floor,12:N0} seal+open/s");
        lines.Add($"  {"actual seal+open",-36} {1 / actual,12:N0} seal+open/s");
        lines.Add($"bench envelopes: seal+open runs at {floor / actual:P0} of the primitive floor (target >= 70%)");
        return lines;
    }
}
