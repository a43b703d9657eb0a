using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The loader runs every validator and every file checker before it refuses: problems of different concerns come out in one refusal, in order.</summary>
[Collection(SharedFederation.Name)]
public sealed class ConcernsTogetherTests(FederationFixture federation)
{
    [Fact]
    public void Problems_of_values_endpoints_tls_local_face_policy_and_pseudonym_secret_are_listed_in_one_refusal()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("garbage-ca.crt"), "not a certificate");
        var participant = federation.ParticipantFile("AL/NCP");

        var refused = Assert.Throws<GatewayConfigurationException>(() => GatewayRuntimeLoader.Load(federation.ConfigPath("AL/NCP"), TimeProvider.System, probePorts: false, adjust: o =>
        {
            o.DataDirectory = directory.File("data");
            o.DispatchParallelism = 0;
            o.PeerListen = "nowhere";
            o.Tls.Key = o.Signing.Key;
            o.LocalCaCertificate = directory.File("garbage-ca.crt");
            o.Policy = "absent-policy.yaml";
            o.PseudonymSecret = "absent.secret";
        }));

        Assert.Equal(
        [
            "gateway.json: DispatchParallelism must be 1 to 256",
            "gateway.json: PeerListen 'nowhere' must be an address:port such as 127.0.0.1:47101",
            "gateway.json: Tls: tls.crt with signing.key: the private key does not belong to the certificate",
            $"gateway.json: LocalCaCertificate: {directory.File("garbage-ca.crt")} holds no readable certificate (PEM or DER)",
            $"gateway.json: Policy: file {Path.Combine(participant, "absent-policy.yaml")} does not exist",
            $"gateway.json: PseudonymSecret: file {Path.Combine(participant, "absent.secret")} does not exist",
        ], refused.Problems);
        Assert.All(refused.Problems, p => Assert.Contains(p, refused.Message, StringComparison.Ordinal));
    }
}
