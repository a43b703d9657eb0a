using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>The replay guard's judgement of what the inbox holds under a delivery's id.</summary>
public sealed class PriorDeliveryTests
{
    private readonly byte[] _sealed = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _route = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_first_delivery_is_neither_a_repeat_nor_a_conflict()
    {
        var prior = PriorDelivery.Of(null, _sealed, _route);

        Assert.False(prior.AnswerWithoutOpening);
        Assert.False(prior.SameBytes);
        Assert.Null(prior.Conflict);
    }

    [Fact]
    public void The_same_bytes_under_the_same_route_are_answered_without_opening() =>
        Assert.True(PriorDelivery.Of(Stored(_sealed, _route), _sealed, _route).AnswerWithoutOpening);

    [Fact]
    public void The_same_bytes_under_another_route_must_be_opened_again()
    {
        var prior = PriorDelivery.Of(Stored(_sealed, RandomNumberGenerator.GetBytes(32)), _sealed, _route);

        Assert.False(prior.AnswerWithoutOpening);
        Assert.True(prior.SameBytes);
        Assert.Null(prior.Conflict);
    }

    [Fact]
    public void The_same_bytes_stored_without_a_route_digest_must_be_opened_again() =>
        Assert.False(PriorDelivery.Of(Stored(_sealed, null), _sealed, _route).AnswerWithoutOpening);

    [Fact]
    public void Other_bytes_under_a_known_id_are_an_id_conflict() =>
        Assert.Equal(ReasonCode.IdConflict, PriorDelivery.Of(Stored(RandomNumberGenerator.GetBytes(32), _route), _sealed, _route).Conflict?.Reason);

    private static InboundRecord Stored(byte[] sealedSha256, byte[]? routeSha256) =>
        new("IT/NCP", DeliveryParties.NewId(), MessageType.ReturnPlan, InboxState.Received, sealedSha256, [1, 2, 3], DateTimeOffset.UnixEpoch, null, routeSha256);
}
