using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CrossBorder.Cli.Profiles;
using CrossBorder.Conformance.Pki;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using GatewayCertificateFiles = CrossBorder.Gateway.Configuration.CertificateFiles;

namespace CrossBorder.Cli.DevPki;

/// <summary>
/// Creates the dev federation: per country a root and an intermediate CA and empty CRLs; per
/// participant signing, encryption and TLS certificates, a local CA with a server certificate
/// and one client per local role, a gateway config and client profiles; the federation
/// operator and the signed trust list. Keys are PKCS#8 PEM, mode 0600.
/// </summary>
internal sealed class DevFederationBuilder(DevFederationLayout layout, TimeProvider time, int basePort = DevFederationSpec.BasePort)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly DateTimeOffset _now = time.GetUtcNow();

    private DateTimeOffset NotBefore => _now.AddMinutes(-5);

    public void Build()
    {
        Directory.CreateDirectory(layout.Root);
        using var operatorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var operatorCertificate = Operator(operatorKey);

        var trustList = new TrustList
        {
            FormatVersion = 1,
            Sequence = 1,
            Federation = "crossborder-dev",
            IssuedAt = Timestamp.FromDateTimeOffset(_now),
            NextUpdate = Timestamp.FromDateTimeOffset(_now.AddDays(30)),
        };

        var cas = new Dictionary<string, (X509Certificate2 Certificate, ECDsa Key)>();
        foreach (var (code, name) in DevFederationSpec.Countries)
        {
            var (country, intermediate, intermediateKey) = CountryPki(code, name);
            trustList.Countries.Add(country);
            cas[code] = (intermediate, intermediateKey);
        }

        foreach (var participant in DevFederationSpec.Participants)
        {
            var id = ParticipantId.Parse(participant.Id);
            var (intermediate, intermediateKey) = cas[id.Country];
            var encryption = ParticipantFiles(participant, id, intermediate, intermediateKey);
            trustList.Participants.Add(new Participant
            {
                Id = participant.Id,
                Country = id.Country,
                Roles = { participant.Roles },
                PeerEndpoint = $"https://127.0.0.1:{participant.PeerPortFrom(basePort)}",
                MaySend = { participant.MaySend },
                MayReceive = { participant.MayReceive },
                EncryptionCertificates = { ByteString.CopyFrom(encryption.RawData) },
            });
        }

        File.WriteAllBytes(layout.TrustList, TrustListCodec.Sign(trustList, operatorCertificate, time));
        foreach (var (_, key) in cas.Values)
        {
            key.Dispose();
        }
    }

    private X509Certificate2 Operator(ECDsa key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(layout.OperatorCertificate)!);
        var certificate = CertificateFactory.Operator("CN=CrossBorder Dev Federation Operator, O=CrossBorder Dev Federation", key, NotBefore, _now.AddYears(5));
        CertificateFiles.WriteCertificates(layout.OperatorCertificate, certificate);
        KeyFiles.WritePrivateKey(layout.OperatorKey, key);
        return certificate;
    }

    private (Country Country, X509Certificate2 Intermediate, ECDsa IntermediateKey) CountryPki(string code, string name)
    {
        var directory = layout.CountryDirectory(code);
        Directory.CreateDirectory(directory);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var root = CertificateFactory.SelfSignedCa(
            $"CN=CrossBorder Dev Root CA {code}, O=CrossBorder Dev {name}, C={code}", rootKey, 1, NotBefore, _now.AddYears(10));
        var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediate = CertificateFactory.SubordinateCa(
            $"CN=CrossBorder Dev Participant CA {code}, O=CrossBorder Dev {name}, C={code}", intermediateKey, root, rootKey, 0, NotBefore, _now.AddYears(5));

        CertificateFiles.WriteCertificates(Path.Combine(directory, "root-ca.crt"), root);
        KeyFiles.WritePrivateKey(Path.Combine(directory, "root-ca.key"), rootKey);
        CertificateFiles.WriteCertificates(Path.Combine(directory, "intermediate-ca.crt"), intermediate);
        KeyFiles.WritePrivateKey(Path.Combine(directory, "intermediate-ca.key"), intermediateKey);

        var rootCrl = CertificateFactory.EmptyCrl(root, NotBefore, _now.AddDays(30));
        var intermediateCrl = CertificateFactory.EmptyCrl(intermediate, NotBefore, _now.AddDays(30));
        File.WriteAllBytes(Path.Combine(directory, "root-ca.crl"), rootCrl);
        File.WriteAllBytes(Path.Combine(directory, "intermediate-ca.crl"), intermediateCrl);

        var country = new Country
        {
            Code = code,
            Anchors = { ByteString.CopyFrom(root.RawData) },
            Intermediates = { ByteString.CopyFrom(intermediate.RawData) },
            Crls = { ByteString.CopyFrom(rootCrl), ByteString.CopyFrom(intermediateCrl) },
        };
        return (country, intermediate, intermediateKey);
    }

    /// <summary>Writes the participant's certificates, keys and configs; returns its encryption certificate for the trust list.</summary>
    private X509Certificate2 ParticipantFiles(DevParticipant spec, ParticipantId id, X509Certificate2 ca, ECDsa caKey)
    {
        var directory = layout.ParticipantDirectory(id);
        Directory.CreateDirectory(directory);
        var subject = $"CN={id}, O=CrossBorder Dev, C={id.Country}";
        var notAfter = _now.AddYears(1);

        using (var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var certificate = CertificateFactory.Leaf(subject, new PublicKey(signing), ca, caKey,
                X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, [], [id.Uri], false, NotBefore, notAfter);
            Write(directory, "signing", certificate, signing);
        }

        X509Certificate2 encryption;
        if (spec.RsaEncryption)
        {
            using var rsa = RSA.Create(3072);
            encryption = CertificateFactory.Leaf(subject, new PublicKey(rsa), ca, caKey,
                X509KeyUsageFlags.KeyEncipherment, [], [id.Uri], false, NotBefore, notAfter);
            Write(directory, "encryption", encryption, rsa);
        }
        else
        {
            using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            encryption = CertificateFactory.Leaf(subject, new PublicKey(ecdh), ca, caKey,
                X509KeyUsageFlags.KeyAgreement, [], [id.Uri], false, NotBefore, notAfter);
            Write(directory, "encryption", encryption, ecdh);
        }

        using (var tls = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var certificate = CertificateFactory.Leaf(subject, new PublicKey(tls), ca, caKey, X509KeyUsageFlags.DigitalSignature,
                [CertificateFactory.ServerAuth, CertificateFactory.ClientAuth], [id.Uri], true, NotBefore, notAfter);
            Write(directory, "tls", certificate, tls);
        }

        CertificateFiles.WriteCertificates(Path.Combine(directory, "chain.pem"), ca);
        LocalPki(spec, id, directory);
        WriteGatewayConfig(spec, id);
        WriteConformanceProfile(id);
        return encryption;
    }

    private void LocalPki(DevParticipant spec, ParticipantId id, string directory)
    {
        var local = Path.Combine(directory, "local");
        Directory.CreateDirectory(local);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ca = CertificateFactory.SelfSignedCa($"CN={id} Local Clients CA, O=CrossBorder Dev, C={id.Country}", caKey, 0, NotBefore, _now.AddYears(5));
        CertificateFiles.WriteCertificates(Path.Combine(local, "ca.crt"), ca);
        KeyFiles.WritePrivateKey(Path.Combine(local, "ca.key"), caKey);

        using (var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var server = CertificateFactory.Leaf($"CN={id} local face, O=CrossBorder Dev, C={id.Country}", new PublicKey(serverKey), ca, caKey,
                X509KeyUsageFlags.DigitalSignature, [CertificateFactory.ServerAuth], [], true, NotBefore, _now.AddYears(1));
            Write(local, "server", server, serverKey);
        }

        foreach (var role in spec.LocalRoles)
        {
            var clientDirectory = layout.ClientDirectory(id, role.Name);
            Directory.CreateDirectory(clientDirectory);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var client = new LocalClientId(id, role.Name);
            var certificate = CertificateFactory.Leaf($"CN={client}, O=CrossBorder Dev, C={id.Country}", new PublicKey(key), ca, caKey,
                X509KeyUsageFlags.DigitalSignature, [CertificateFactory.ClientAuth], [client.Uri], false, NotBefore, _now.AddYears(1));
            Write(clientDirectory, "client", certificate, key);
            var profile = new ClientProfile
            {
                Gateway = $"https://127.0.0.1:{spec.LocalPortFrom(basePort)}",
                Participant = id.ToString(),
                Role = role.Name,
                Certificate = "client.crt",
                Key = "client.key",
                GatewayCa = "../../local/ca.crt",
            };
            File.WriteAllText(layout.ClientProfile(id, role.Name), JsonSerializer.Serialize(profile, Json));
        }
    }

    private void WriteGatewayConfig(DevParticipant spec, ParticipantId id)
    {
        var relativeRoot = Path.GetRelativePath(layout.ParticipantDirectory(id), layout.Root);
        var options = new GatewayOptions
        {
            Participant = id.ToString(),
            PeerListen = $"127.0.0.1:{spec.PeerPortFrom(basePort)}",
            LocalListen = $"127.0.0.1:{spec.LocalPortFrom(basePort)}",
            OpsListen = $"127.0.0.1:{spec.OpsPortFrom(basePort)}",
            Tls = new GatewayCertificateFiles { Certificate = "tls.crt", Key = "tls.key", Chain = "chain.pem" },
            Signing = new GatewayCertificateFiles { Certificate = "signing.crt", Key = "signing.key", Chain = "chain.pem" },
            Encryption = new GatewayCertificateFiles { Certificate = "encryption.crt", Key = "encryption.key", Chain = "chain.pem" },
            TrustList = Path.Combine(relativeRoot, Path.GetFileName(layout.TrustList)),
            OperatorCertificate = Path.Combine(relativeRoot, "operator", "operator.crt"),
            LocalCaCertificate = Path.Combine("local", "ca.crt"),
            LegalBases = [.. DevFederationSpec.LegalBases],
            LocalServer = new GatewayCertificateFiles { Certificate = Path.Combine("local", "server.crt"), Key = Path.Combine("local", "server.key") },
            LocalRoles = spec.LocalRoles.Select(r => new LocalRoleOptions
            {
                Name = r.Name,
                MaySubmit = r.MaySubmit.Select(ProtoEnumNames<MessageType>.Name).ToList(),
                MayRead = r.MayRead.Select(ProtoEnumNames<MessageType>.Name).ToList(),
            }).ToList(),
            DataDirectory = "data",
        };
        var document = new Dictionary<string, object> { ["CrossBorder"] = new Dictionary<string, object> { ["Gateway"] = options } };
        File.WriteAllText(layout.GatewayConfig(id), JsonSerializer.Serialize(document, Json));
    }

    /// <summary>The participant's credentials for <c>crossborder conformance run</c> against any other participant's gateway.</summary>
    private void WriteConformanceProfile(ParticipantId id)
    {
        var relativeRoot = Path.GetRelativePath(layout.ParticipantDirectory(id), layout.Root);
        var profile = new ConformanceProfile
        {
            Participant = id.ToString(),
            Tls = new ProfileFiles { Certificate = "tls.crt", Key = "tls.key", Chain = "chain.pem" },
            Signing = new ProfileFiles { Certificate = "signing.crt", Key = "signing.key", Chain = "chain.pem" },
            Encryption = new ProfileFiles { Certificate = "encryption.crt", Key = "encryption.key", Chain = "chain.pem" },
            TrustList = Path.Combine(relativeRoot, Path.GetFileName(layout.TrustList)),
            OperatorCertificate = Path.Combine(relativeRoot, "operator", "operator.crt"),
            LegalBasis = DevFederationSpec.LegalBases[0],
            OtherChannel = OtherChannelOf(id) is { } other
                ? Path.GetRelativePath(layout.ParticipantDirectory(id), layout.ConformanceProfile(other))
                : "",
        };
        File.WriteAllText(layout.ConformanceProfile(id), profile.ToJson());
    }

    /// <summary>A participant on the other channel (police or not), of the same country when there is one, for the crossed-channel case.</summary>
    private static ParticipantId? OtherChannelOf(ParticipantId id)
    {
        static bool Police(DevParticipant p) => p.Roles.Contains(ParticipantRole.Police);
        var self = DevFederationSpec.Participants.Single(p => p.Id == id.ToString());
        return DevFederationSpec.Participants
            .Where(p => Police(p) != Police(self))
            .OrderBy(p => ParticipantId.Parse(p.Id).Country == id.Country ? 0 : 1)
            .Select(p => ParticipantId.Parse(p.Id))
            .FirstOrDefault();
    }

    private static void Write(string directory, string name, X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        CertificateFiles.WriteCertificates(Path.Combine(directory, name + ".crt"), certificate);
        KeyFiles.WritePrivateKey(Path.Combine(directory, name + ".key"), key);
    }
}
