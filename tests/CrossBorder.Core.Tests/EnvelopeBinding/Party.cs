using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Core.Tests.EnvelopeBinding;

/// <summary>One participant's keys.</summary>
public sealed record Party(string Id, SigningIdentity Signing, X509Certificate2 Encryption, RecipientKey Decryption);
