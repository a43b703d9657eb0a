using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Tests.EnvelopeBinding;
using Google.Protobuf;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>The first inbound step parses raw bytes: size, protobuf, routing header; then no unknown fields.</summary>
public sealed class EnvelopeParseTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly DeliverySettings Settings = new(64 * 1024, TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));

    [Fact]
    public void A_sealed_envelope_parses_with_its_route()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", TimeProvider.System.GetUtcNow());

        var parsed = new EnvelopeParse(Settings).Parse(envelope.ToByteArray());

        Assert.True(parsed.IsAccepted);
        Assert.Equal(envelope.Route, parsed.Value.Route);
        Assert.Null(EnvelopeParse.RequireKnownFields(envelope.ToByteArray()));
    }

    [Fact]
    public void Bytes_over_the_limit_are_refused_too_large() =>
        Assert.Equal(ReasonCode.TooLarge, new EnvelopeParse(Settings).Parse(new byte[Settings.MaxEnvelopeBytes + 1]).Refusal?.Reason);

    [Fact]
    public void Garbage_is_refused_malformed() =>
        Assert.Equal(ReasonCode.Malformed, new EnvelopeParse(Settings).Parse(new byte[] { 0x0a, 0xff, 0xff, 0xff }).Refusal?.Reason);

    [Fact]
    public void An_envelope_without_a_routing_header_is_refused_malformed()
    {
        var envelope = new SealedEnvelope { Sealed = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(64)) };

        Assert.Equal(ReasonCode.Malformed, new EnvelopeParse(Settings).Parse(envelope.ToByteArray()).Refusal?.Reason);
    }

    [Fact]
    public void A_field_this_schema_does_not_know_is_refused_unknown_field()
    {
        var encoded = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", TimeProvider.System.GetUtcNow()).ToByteArray();

        // Field 99, varint 1: a field no version of the envelope defines.
        byte[] smuggled = [.. encoded, 0x98, 0x06, 0x01];

        Assert.True(new EnvelopeParse(Settings).Parse(smuggled).IsAccepted);
        Assert.Equal(ReasonCode.UnknownField, EnvelopeParse.RequireKnownFields(smuggled)?.Reason);
    }
}
