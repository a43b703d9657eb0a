using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Peers;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Trust;

/// <summary>
/// The trust list embeds a current CRL of Italy's participant CA that revokes nothing; a fresher
/// CRL published at the list's CRL location revokes IT/NCP's TLS and signing certificates. Once
/// the gateway has fetched it, the fresher CRL decides: IT/NCP's handshake and its envelopes are
/// refused as REVOKED. Uses its own federation, because it rewrites the trust list.
/// </summary>
public sealed class FetchedCrlRevocationTests : IDisposable
{
    private const int CrlFetched = 1006;
    private const int CrlRefused = 1008;

    private readonly ExchangeFederation _federation = new();
    private readonly TempDirectory _data = new();
    private readonly string _itCrl;
    private readonly CountingListener _elsewhere = new();
    private readonly CountingListener _redirecting;

    public FetchedCrlRevocationTests()
    {
        _itCrl = _data.File("it-participant-ca.crl");
        _redirecting = new CountingListener($"HTTP/1.1 302 Found\r\nLocation: {_elsewhere.Url("internal")}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var list = TrustListCodec.Inspect(File.ReadAllBytes(_federation.Layout.TrustList)).Document.Clone();
        list.Countries.Single(c => c.Code == "IT").CrlLocations.Add(new Uri(_itCrl).AbsoluteUri);
        list.Countries.Single(c => c.Code == "IT").CrlLocations.Add(_redirecting.Url("it.crl").AbsoluteUri);
        list.Sequence = 2;
        using var signer = CertificateFiles.LoadCertificateWithKey(_federation.Layout.OperatorCertificate, _federation.Layout.OperatorKey);
        File.WriteAllBytes(_federation.Layout.TrustList, TrustListCodec.Sign(list, signer, TimeProvider.System));
    }

    [Fact]
    public async Task After_the_fetch_a_fresher_crl_revoking_IT_NCP_refuses_its_handshake_and_its_envelopes_as_REVOKED()
    {
        await using var albania = await _federation.StartAsync("AL/NCP", _data.File("al"));
        var italy = GatewayRuntimeLoader.Load(_federation.ConfigPath("IT/NCP"), TimeProvider.System, probePorts: false);
        using var peer = new TestPeer(_federation, "IT/NCP");
        using var freshTls = FreshItalianTls();
        Assert.True((await PingAsync(italy, albania)).Succeeded); // the embedded CRL revokes nothing

        await File.WriteAllBytesAsync(_itCrl, FresherCrlRevoking("tls.crt", "signing.crt"));
        await albania.TickNowAsync();

        Assert.Single(albania.Log.WithEventId(CrlFetched));
        var handshake = await PingAsync(italy, albania);
        Assert.False(handshake.Succeeded);
        var logged = await albania.Log.WaitForAsync(GatewayEvents.PeerCertificateRefused);
        Assert.Contains($": {ReasonCode.Revoked.Name()}: ", logged.Message, StringComparison.Ordinal);
        Assert.Contains("claims IT/NCP", logged.Message, StringComparison.Ordinal);

        // An envelope signed with the revoked signing certificate, over a TLS certificate that is not revoked.
        using var channel = RawChannels.Create(albania.PeerAddress, freshTls, albania.Runtime.TlsCertificate);
        var envelope = peer.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination));
        var (reason, _) = await RefusalAsync(() => TestPeer.DeliverAsync(new PeerExchange.PeerExchangeClient(channel), envelope.ToByteString()));

        Assert.Equal(ReasonCode.Revoked, reason);
        var trail = await albania.Store.TrailAsync(envelope.Route.MessageId, CancellationToken.None);
        Assert.Contains(trail, e => e.State == AuditState.Rejected && e.Reason == ReasonCode.Revoked);
    }

    [Fact]
    public async Task A_crl_location_that_redirects_is_not_followed()
    {
        await using var albania = await _federation.StartAsync("AL/NCP", _data.File("al"));

        await albania.TickNowAsync();

        Assert.True(_redirecting.Connections >= 1, "the CRL location was never asked");
        Assert.Equal(0, _elsewhere.Connections);
    }

    [Fact]
    public async Task A_forged_crl_at_the_location_is_not_kept_the_peer_stays_accepted_and_a_later_genuine_crl_is_taken()
    {
        await using var albania = await _federation.StartAsync("AL/NCP", _data.File("al"));
        var italy = GatewayRuntimeLoader.Load(_federation.ConfigPath("IT/NCP"), TimeProvider.System, probePorts: false);
        var in2030 = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await File.WriteAllBytesAsync(_itCrl, ForgedCrlRevoking("tls.crt", thisUpdate: in2030, nextUpdate: in2030.AddDays(30)));
        await albania.TickNowAsync();

        Assert.Single(albania.Log.WithEventId(CrlRefused));
        Assert.Equal(0, albania.Runtime.FetchedCrls.Count);
        Assert.True((await PingAsync(italy, albania)).Succeeded);

        await File.WriteAllBytesAsync(_itCrl, FresherCrlRevoking("tls.crt"));
        await albania.TickNowAsync();

        Assert.Single(albania.Log.WithEventId(CrlFetched));
        Assert.False((await PingAsync(italy, albania)).Succeeded);
        var logged = await albania.Log.WaitForAsync(GatewayEvents.PeerCertificateRefused);
        Assert.Contains($": {ReasonCode.Revoked.Name()}: ", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_crl_placed_in_the_crls_folder_before_a_restart_is_ignored_at_load()
    {
        var data = _data.File("al");
        Directory.CreateDirectory(Path.Combine(data, "crls"));
        var now = TimeProvider.System.GetUtcNow();
        await File.WriteAllBytesAsync(Path.Combine(data, "crls", "it-0123456789abcdef.crl"), ForgedCrlRevoking("tls.crt", now.AddMinutes(-1), now.AddDays(30)));

        await using var albania = await _federation.StartAsync("AL/NCP", data);
        var italy = GatewayRuntimeLoader.Load(_federation.ConfigPath("IT/NCP"), TimeProvider.System, probePorts: false);

        Assert.Equal(0, albania.Runtime.FetchedCrls.Count);
        var ping = await PingAsync(italy, albania);
        Assert.True(ping.Succeeded, ping.Reason.ToString());
        Assert.Empty(albania.Log.WithEventId(GatewayEvents.PeerCertificateRefused));
    }

    public void Dispose()
    {
        _redirecting.Dispose();
        _elsewhere.Dispose();
        _data.Dispose();
        _federation.Dispose();
    }

    private static Task<PingOutcome> PingAsync(GatewayRuntime caller, TestGateway host) =>
        PeerPinger.PingAsync(caller, ParticipantId.Parse("AL/NCP"), host.PeerAddress, TimeProvider.System, TimeSpan.FromSeconds(10), CancellationToken.None);

    /// <summary>Italy's participant CA, one minute ago, revoking the named certificates of IT/NCP.</summary>
    private byte[] FresherCrlRevoking(params string[] files)
    {
        var country = _federation.Layout.CountryDirectory("IT");
        var participant = _federation.Layout.ParticipantDirectory(ParticipantId.Parse("IT/NCP"));
        using var issuer = CertificateFiles.LoadCertificateWithKey(Path.Combine(country, "intermediate-ca.crt"), Path.Combine(country, "intermediate-ca.key"));
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        var now = TimeProvider.System.GetUtcNow();
        var crl = TestCrlBuilder.By(issuer, issuerKey).Number(1000).Valid(now.AddMinutes(-1), now.AddDays(7));
        foreach (var file in files)
        {
            using var revoked = CertificateFiles.LoadCertificate(Path.Combine(participant, file));
            crl.Revoke(revoked, now.AddMinutes(-2), X509RevocationReason.KeyCompromise);
        }

        return crl.Build();
    }

    /// <summary>A CRL under the name (and authority key identifier) of Italy's participant CA, signed by another key.</summary>
    private byte[] ForgedCrlRevoking(string file, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        var country = _federation.Layout.CountryDirectory("IT");
        using var issuer = CertificateFiles.LoadCertificate(Path.Combine(country, "intermediate-ca.crt"));
        using var revoked = CertificateFiles.LoadCertificate(Path.Combine(_federation.Layout.ParticipantDirectory(ParticipantId.Parse("IT/NCP")), file));
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return TestCrlBuilder.By(issuer, forger).Number(999_999).Valid(thisUpdate, nextUpdate)
            .Revoke(revoked, thisUpdate.AddMinutes(-1), X509RevocationReason.KeyCompromise)
            .Build();
    }

    /// <summary>A new TLS certificate for IT/NCP from Italy's participant CA, which no CRL revokes.</summary>
    private ClientIdentity FreshItalianTls()
    {
        var country = _federation.Layout.CountryDirectory("IT");
        using var issuer = CertificateFiles.LoadCertificate(Path.Combine(country, "intermediate-ca.crt"));
        using var issuerKey = (ECDsa)Core.Certificates.KeyFiles.LoadPrivateKey(Path.Combine(country, "intermediate-ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = CertificateFactory.Leaf("CN=IT/NCP, O=CrossBorder Test, C=IT", new PublicKey(key), issuer, issuerKey,
            X509KeyUsageFlags.DigitalSignature, [CertificateFactory.ClientAuth], [ParticipantId.Parse("IT/NCP").Uri], false, now.AddMinutes(-5), now.AddDays(30));
        return new ClientIdentity(certificate.CopyWithPrivateKey(key), [CertificateFiles.LoadCertificate(Path.Combine(country, "intermediate-ca.crt"))]);
    }
}
