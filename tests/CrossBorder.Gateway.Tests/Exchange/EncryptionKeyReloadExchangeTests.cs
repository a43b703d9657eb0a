using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ConfigFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// A new encryption certificate and key written into the running gateway's configured successor
/// files open envelopes sealed to it after the next reload tick, without a restart, while the
/// certificate in use before keeps opening what peers sealed to it (old deliveries in the inbox
/// and new ones); a key file that cannot be used is not taken and leaves the ring in force.
/// </summary>
/// <remarks>
/// The rule these tests hold the gateway to: the encryption ring is every configured encryption
/// certificate (Encryption, then EncryptionRollover), and an envelope sealed to any of them opens
/// (README, "Certificates roll over like keys in a key ring"; <c>KeyRingProvider.DecryptionKeys</c>).
/// A certificate leaves the ring only when its files are no longer configured; then what is sealed
/// to it finds no recipient info for our keys: NOT_A_RECIPIENT.
/// </remarks>
[Collection(SharedExchange.Name)]
public sealed class EncryptionKeyReloadExchangeTests(ExchangeFederation federation) : IDisposable
{
    /// <summary>Key rings in force (KeyRingLog).</summary>
    private const int KeyRingsInForce = 4001;

    /// <summary>Key ring reload refused (KeyRingLog).</summary>
    private const int KeyRingReloadRefused = 4002;

    private static readonly TimeSpan ReloadLimit = TimeSpan.FromSeconds(15);

    private static readonly Answer Accepted = new(ReceiptOutcome.Accepted, null);

    private static readonly Answer NotARecipient = new(null, ReasonCode.NotARecipient);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_new_encryption_certificate_is_taken_on_the_reload_tick_and_the_old_one_keeps_opening_old_and_new_deliveries()
    {
        var files = InstallCurrentEncryptionFiles();
        using var current = CertificateFiles.LoadCertificate(files.Main.Certificate);
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var successor = Successor(key);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o =>
        {
            o.Encryption = files.Main;
            o.EncryptionRollover = [files.Successor];
            o.TrustListPollSeconds = 0.2; // the real reload tick, often
        });
        using var italy = new TestPeer(federation, "IT/NCP");
        var peer = italy.Client(albania, "AL/NCP");
        var caseWorker = federation.Client("AL/NCP", "case-worker");
        var payload = Minimized("return-plan", Purpose.ReturnCoordination);

        var before = italy.Seal("AL/NCP", payload, current);
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, before.ToByteString()), "AL/NCP", before).Outcome);
        // Read once, not acknowledged: this takes the copy kept from opening on receipt, so the read
        // after the rotation decrypts the stored bytes with the ring in force then.
        Assert.Equal(before.Route.MessageId, Assert.Single(await ReadAsync(caseWorker, 1, ack: false)).MessageId);

        // Issued, not installed yet: nothing of this gateway's opens it.
        var tooEarly = italy.Seal("AL/NCP", payload, successor);
        var (early, _) = await RefusalAsync(() => TestPeer.DeliverAsync(peer, tooEarly.ToByteString()));
        Assert.Equal(ReasonCode.NotARecipient, early);

        // The operator installs the successor into its configured files; no restart, the tick takes it.
        KeyFiles.WritePrivateKey(files.Successor.Key, key);
        CertificateFiles.WriteCertificates(files.Successor.Certificate, successor);
        Assert.True(
            await Eventually.UntilAsync(() => Thumbprints(albania).Contains(successor.Thumbprint), ReloadLimit, TimeSpan.FromMilliseconds(50)),
            $"the successor was not taken; the gateway logged:{Environment.NewLine}{albania.Log.Dump()}");
        Assert.Contains(albania.Log.WithEventId(KeyRingsInForce), e => e.Message.Contains(successor.Thumbprint, StringComparison.Ordinal));

        var after = italy.Seal("AL/NCP", payload, successor);
        var afterReceipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, after.ToByteString()), "AL/NCP", after);
        var late = italy.Seal("AL/NCP", payload, current);
        var lateReceipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, late.ToByteString()), "AL/NCP", late);

        Assert.Equal(ReceiptOutcome.Accepted, afterReceipt.Outcome);
        Assert.Equal(ReceiptOutcome.Accepted, lateReceipt.Outcome); // the old certificate is still configured: still in the ring
        Assert.Equal([current.Thumbprint, successor.Thumbprint], Thumbprints(albania));
        var read = await ReadAsync(caseWorker, 3);
        Assert.Equal(
            new[] { before.Route.MessageId, after.Route.MessageId, late.Route.MessageId }.Order(),
            read.Select(m => m.MessageId).Order());
        Assert.All(read, m => Assert.Equal(payload, m.Payload));
        albania.Log.AssertNoUnexpectedErrors(KeyRingReloadRefused); // a tick between the two writes may see a half pair
    }

    [Fact]
    public async Task A_broken_new_encryption_key_is_not_taken_the_ring_in_force_stays_and_is_reported_without_key_material()
    {
        var files = InstallCurrentEncryptionFiles();
        using var current = CertificateFiles.LoadCertificate(files.Main.Certificate);
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var successor = Successor(key);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o =>
        {
            o.Encryption = files.Main;
            o.EncryptionRollover = [files.Successor];
            o.TrustListPollSeconds = 24 * 3600; // only the ticks this test asks for
        });
        using var italy = new TestPeer(federation, "IT/NCP");
        var peer = italy.Client(albania, "AL/NCP");
        var caseWorker = federation.Client("AL/NCP", "case-worker");
        var payload = Minimized("return-plan", Purpose.ReturnCoordination);
        var inForce = albania.Runtime.KeyRings.Rings;

        // A certificate with a key that is not its own, then a key file of garbage.
        CertificateFiles.WriteCertificates(files.Successor.Certificate, successor);
        KeyFiles.WritePrivateKey(files.Successor.Key, stranger);
        albania.ReloadFilesNow();
        var mismatched = await DeliverBothAsync(italy, peer, payload, current, successor);
        await File.WriteAllBytesAsync(files.Successor.Key, RandomNumberGenerator.GetBytes(300));
        albania.ReloadFilesNow();
        var garbage = await DeliverBothAsync(italy, peer, payload, current, successor);

        Assert.Same(inForce, albania.Runtime.KeyRings.Rings);
        Assert.Equal(Accepted, mismatched.Old);
        Assert.Equal(NotARecipient, mismatched.New);
        Assert.Equal(Accepted, garbage.Old);
        Assert.Equal(NotARecipient, garbage.New);
        var refused = albania.Log.WithEventId(KeyRingReloadRefused);
        Assert.Equal(2, refused.Count);
        Assert.Contains("does not belong to the certificate", refused[0].Message, StringComparison.Ordinal);
        Assert.Contains("not a PKCS#8 private key", refused[1].Message, StringComparison.Ordinal);
        var strangerKey = Convert.ToBase64String(stranger.ExportPkcs8PrivateKey());
        var personal = new[] { payload.ReturnPlan.Traveller.FamilyName, payload.ReturnPlan.Traveller.GivenNames };
        Assert.All(personal, value => Assert.False(string.IsNullOrEmpty(value)));
        Assert.All(refused, e =>
        {
            Assert.DoesNotContain("PRIVATE KEY", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(strangerKey[..24], e.Message, StringComparison.Ordinal);
            Assert.All(personal, value => Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal));
            Assert.Null(e.Exception);
        });

        // The fix: the right key. The next tick takes the pair.
        KeyFiles.WritePrivateKey(files.Successor.Key, key);
        albania.ReloadFilesNow();
        var fixedPair = await DeliverBothAsync(italy, peer, payload, current, successor);

        Assert.Equal(Accepted, fixedPair.Old);
        Assert.Equal(Accepted, fixedPair.New);
        Assert.Equal([current.Thumbprint, successor.Thumbprint], Thumbprints(albania));
        var read = await ReadAsync(caseWorker, 4);
        Assert.Equal(4, read.Count);
        Assert.All(read, m => Assert.Equal(payload, m.Payload));
        albania.Log.AssertNoUnexpectedErrors(KeyRingReloadRefused);
    }

    [Fact]
    public async Task An_encryption_certificate_no_longer_configured_leaves_the_ring_new_deliveries_sealed_to_it_are_not_a_recipient_and_the_unread_inbox_is_still_read()
    {
        var files = InstallCurrentEncryptionFiles();
        using var current = CertificateFiles.LoadCertificate(files.Main.Certificate);
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var successor = Successor(key);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o =>
        {
            o.Encryption = files.Main;
            o.TrustListPollSeconds = 24 * 3600; // only the ticks this test asks for
        });
        using var italy = new TestPeer(federation, "IT/NCP");
        var peer = italy.Client(albania, "AL/NCP");
        var payload = Minimized("return-plan", Purpose.ReturnCoordination);
        var caseWorker = federation.Client("AL/NCP", "case-worker");

        // Received under the old certificate and read once, not acknowledged: the next read decrypts the stored bytes.
        var unread = italy.Seal("AL/NCP", payload, current);
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, unread.ToByteString()), "AL/NCP", unread).Outcome);
        Assert.Equal(unread.Route.MessageId, Assert.Single(await ReadAsync(caseWorker, 1, ack: false)).MessageId);

        // The successor written over the only configured pair: the old certificate is retired.
        KeyFiles.WritePrivateKey(files.Main.Key, key);
        CertificateFiles.WriteCertificates(files.Main.Certificate, successor);
        albania.ReloadFilesNow();
        var retired = await DeliverBothAsync(italy, peer, payload, current, successor);

        Assert.Equal([successor.Thumbprint], Thumbprints(albania));
        Assert.Equal(NotARecipient, retired.Old);
        Assert.Equal(Accepted, retired.New);

        // What was accepted under the retired key is not lost: it is still read, and the operator is warned.
        var read = await ReadAsync(caseWorker, 2);
        Assert.Contains(read, m => m.MessageId == unread.Route.MessageId && m.Payload.Equals(payload));
        Assert.Contains(albania.Log.WithEventId(4003), e => e.Message.Contains(current.Thumbprint, StringComparison.Ordinal));
        albania.Log.AssertNoUnexpectedErrors();
    }

    /// <summary>Delivers one envelope sealed to the old certificate and one sealed to the new one; what each got.</summary>
    private static async Task<(Answer Old, Answer New)> DeliverBothAsync(
        TestPeer italy, PeerExchange.PeerExchangeClient peer, CasePayload payload, X509Certificate2 old, X509Certificate2 next) =>
        (await DeliverAsync(italy, peer, italy.Seal("AL/NCP", payload, old)), await DeliverAsync(italy, peer, italy.Seal("AL/NCP", payload, next)));

    /// <summary>The outcome of the verified signed receipt, or the reason code of the refused call.</summary>
    private static async Task<Answer> DeliverAsync(TestPeer italy, PeerExchange.PeerExchangeClient peer, SealedEnvelope envelope)
    {
        try
        {
            return new Answer(italy.VerifyReceipt(await TestPeer.DeliverAsync(peer, envelope.ToByteString()), "AL/NCP", envelope).Outcome, null);
        }
        catch (RpcException ex)
        {
            return new Answer(null, RefusalStatus.ReasonOf(ex));
        }
    }

    private static List<string> Thumbprints(TestGateway gateway) =>
        [.. gateway.Runtime.KeyRings.Rings.Encryption.Certificates.Select(c => c.Thumbprint)];

    /// <summary>
    /// AL/NCP's encryption files copied where this test may rewrite them: the main pair, and the
    /// configured successor slot, which holds the current pair until a successor is issued (a
    /// configured file must exist for the gateway to start).
    /// </summary>
    private (ConfigFiles Main, ConfigFiles Successor) InstallCurrentEncryptionFiles()
    {
        var directory = federation.Layout.ParticipantDirectory(ParticipantId.Parse("AL/NCP"));
        var main = new ConfigFiles { Certificate = _data.File("encryption.crt"), Key = _data.File("encryption.key") };
        var successor = new ConfigFiles { Certificate = _data.File("encryption-successor.crt"), Key = _data.File("encryption-successor.key") };
        foreach (var slot in new[] { main, successor })
        {
            File.Copy(Path.Combine(directory, "encryption.crt"), slot.Certificate);
            File.Copy(Path.Combine(directory, "encryption.key"), slot.Key);
        }

        return (main, successor);
    }

    /// <summary>A new encryption certificate for AL/NCP from its participant CA, as the dev federation issues them.</summary>
    private X509Certificate2 Successor(ECDiffieHellman key)
    {
        var now = TimeProvider.System.GetUtcNow();
        var country = federation.Layout.CountryDirectory("AL");
        using var intermediate = CertificateFiles.LoadCertificateWithKey(Path.Combine(country, "intermediate-ca.crt"), Path.Combine(country, "intermediate-ca.key"));
        using var intermediateKey = intermediate.GetECDsaPrivateKey()!;
        return CertificateFactory.Leaf("CN=AL/NCP successor encryption, O=CrossBorder Dev, C=AL", new PublicKey(key), intermediate, intermediateKey,
            X509KeyUsageFlags.KeyAgreement, [], ["urn:crossborder:participant:AL/NCP"], false, now.AddMinutes(-1), now.AddYears(1));
    }

    private sealed record Answer(ReceiptOutcome? Receipt, ReasonCode? Refusal);
}
