using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Vectors;

/// <summary>A participant of the vectors' federation, with its TLS, signing and encryption keys.</summary>
internal sealed record VectorParticipant(
    ParticipantId Id,
    ParticipantRole[] Roles,
    MessageType[] MaySend,
    MessageType[] MayReceive,
    SigningIdentity Tls,
    SigningIdentity Signing,
    (X509Certificate2 Certificate, AsymmetricAlgorithm Key) Encryption,
    string Directory);
