using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Cli.DevPki;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Testing.Pki;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace CrossBorder.Benchmarks;

/// <summary>
/// Mutual-TLS handshakes to a real gateway's peer face (AL/NCP), one after the other: IT/NCP's
/// real client chain against a self-made leaf naming IT/NCP sent with a bag of 350 certificates
/// all named <c>CN=X</c>, the path-building attack of an unauthenticated client. The client is
/// BouncyCastle's TLS 1.3 client, because .NET sends only the chain it can build itself, never
/// a bag. Each handshake ends when the gateway has decided: its HTTP/2 settings (accepted) or
/// its alert or closed connection (refused). A second bag is the largest that fits the peer
/// face's handshake byte budget: the TLS stack parses it whole, and the gateway's own count of
/// presented certificates refuses it.
/// </summary>
internal static class HandshakeBench
{
    private const int BagSize = 350;

    public static async Task<IReadOnlyList<string>> RunAsync(string federationDirectory, TimeSpan round)
    {
        var layout = new DevFederationLayout(federationDirectory);
        var it = GatewayRuntimeLoader.Load(layout.GatewayConfig(ParticipantId.Parse("IT/NCP")), TimeProvider.System, probePorts: false);
        var endpoint = it.Trust.Find(ParticipantId.Parse("AL/NCP"))!.PeerEndpoint;
        var crypto = new BcTlsCrypto(new SecureRandom());
        using var itKey = it.TlsCertificate.GetECDsaPrivateKey()!;
        var normal = new TlsClientIdentity([it.TlsCertificate.RawData, .. it.TlsChain.Select(c => c.RawData)], PrivateKeyFactory.CreateKey(itKey.ExportPkcs8PrivateKey()));
        var bag = Bag(BagSize);
        // Handshake messages other than the certificates (ClientHello, CertificateVerify, Finished,
        // record overhead) take under 2 KiB: the rest of the budget is filled with certificates.
        var perCertificate = bag.Chain[1].Length + 3;
        var fitting = Bag((new LimitsOptions().MaxHandshakeBytes - 2048 - bag.Chain[0].Length) / perCertificate);

        var data = Path.Combine(federationDirectory, "handshake-data");
        await using var gateway = await BenchGateway.StartAsync(layout, "AL/NCP", data, "NORMAL", 16).ConfigureAwait(false);
        // Rounds of at most half a second: the two figures take a few seconds in all.
        var handshakeRound = TimeSpan.FromTicks(Math.Min(round.Ticks, TimeSpan.FromMilliseconds(500).Ticks));

        // The peer face remembers the certificate of a peer's first accepted connection for its
        // expiry gauge and reads it on the peer's next handshake; closing that connection disposes
        // the certificate and fails every later handshake of the peer. Held open while measuring.
        using var first = TlsConnection.Open(endpoint, crypto, normal, expectAccepted: true);
        long bagHandshakes = 0;
        var results = new[]
        {
            Measure.Run("handshake, IT/NCP's chain (accepted)", () => Handshake(endpoint, crypto, normal, expectAccepted: true), handshakeRound),
            Measure.Run($"handshake, leaf + {BagSize} CN=X (refused)", () =>
            {
                Handshake(endpoint, crypto, bag, expectAccepted: false);
                bagHandshakes++;
            }, handshakeRound),
            Measure.Run($"handshake, leaf + {fitting.Chain.Count - 1} CN=X (refused)", () =>
            {
                Handshake(endpoint, crypto, fitting, expectAccepted: false);
                bagHandshakes++;
            }, handshakeRound),
        };

        // Every bag must have been refused by the gateway with PATH_LIMIT (the byte budget or the
        // count of presented certificates), not by some accident of TLS.
        if (gateway.Warnings < bagHandshakes || gateway.FirstWarning?.Contains("PATH_LIMIT", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"{bagHandshakes} bags, {gateway.Warnings} refusals logged, the first: {gateway.FirstWarning}");
        }

        var ratio = results[1].SecondsPerOp / results[0].SecondsPerOp;
        var fittingRatio = results[2].SecondsPerOp / results[0].SecondsPerOp;
        var lines = results.Select(r => $"  {r.Name,-36} {r.OpsPerSecond,12:N0} ops/s {r.SecondsPerOp * 1000,8:N2} ms/op {r.BytesPerOp,12:N0} B/op").ToList();
        lines.Add($"  ({bag.Chain.Sum(c => c.Length):N0} B of certificates in the {BagSize} bag, cut off at the handshake byte budget; "
            + $"{fitting.Chain.Sum(c => c.Length):N0} B in the largest bag under the budget, refused for its count of certificates)");
        lines.Add($"bench handshake: a bag of {BagSize} certificates costs {ratio:0.00}x a normal mutual-TLS handshake to the peer face "
            + $"(target < 2x): {(ratio < 2 ? "target met" : "target missed")}; the largest bag under the budget costs {fittingRatio:0.00}x");
        return lines;
    }

    /// <summary>A leaf naming IT/NCP issued by the first of <paramref name="size"/> self-signed CAs all named <c>CN=X</c>, sent with all of them.</summary>
    private static TlsClientIdentity Bag(int size)
    {
        var now = TimeProvider.System.GetUtcNow();
        var bag = new List<byte[]>();
        TestCertificate? first = null;
        for (var i = 0; i < size; i++)
        {
            // No extensions and an 8-octet serial: 350 of them stay under the 100 KiB a TLS peer
            // accepts for a certificate list (OpenSSL's default).
            var certificate = TestCertificateBuilder.For("CN=X").EcKey().Valid(now.AddDays(-1), now.AddDays(30))
                .Serial(EightOctetSerial()).WithoutPrivateKey().Build();
            bag.Add(certificate.Certificate.RawData);
            if (i == 0)
            {
                first = certificate;
            }
            else
            {
                certificate.Dispose();
            }
        }

        using (first)
        using (var leaf = TestCertificateBuilder.For("CN=IT/NCP, O=CrossBorder Dev, C=IT").EcKey()
            .SanUri("urn:crossborder:participant:IT/NCP").KeyUsage(X509KeyUsageFlags.DigitalSignature)
            .Valid(now.AddDays(-1), now.AddDays(30)).Serial([0x01, 0x02]).IssuedBy(first!).WithoutPrivateKey().Build())
        {
            return new TlsClientIdentity([leaf.Certificate.RawData, .. bag], PrivateKeyFactory.CreateKey(((ECDsa)leaf.Key).ExportPkcs8PrivateKey()));
        }
    }

    private static byte[] EightOctetSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private static void Handshake(Uri endpoint, BcTlsCrypto crypto, TlsClientIdentity identity, bool expectAccepted) =>
        TlsConnection.Open(endpoint, crypto, identity, expectAccepted).Dispose();
}
