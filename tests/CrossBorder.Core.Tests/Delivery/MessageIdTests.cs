using CrossBorder.Core.Delivery;

namespace CrossBorder.Core.Tests.Delivery;

/// <summary>Message ids: 32 lower-case hex digits, in creation order, 80 random bits each, nothing else in them.</summary>
public sealed class MessageIdTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_message_id_is_the_creation_millisecond_then_random_bits_in_the_id_format()
    {
        var id = MessageIds.NewMessageId(T0.AddTicks(9_999));

        Assert.True(MessageIds.IsId(id), id);
        Assert.Equal(T0.ToUnixTimeMilliseconds(), Convert.ToInt64(id[..12], 16));
    }

    [Fact]
    public void Ids_of_later_messages_sort_after_earlier_ones_and_ids_of_one_millisecond_all_differ()
    {
        var sameMillisecond = Enumerable.Range(0, 10_000).Select(_ => MessageIds.NewMessageId(T0)).ToList();
        var later = MessageIds.NewMessageId(T0.AddMilliseconds(1));

        Assert.Equal(sameMillisecond.Count, sameMillisecond.Distinct(StringComparer.Ordinal).Count());
        Assert.All(sameMillisecond, id => Assert.True(string.CompareOrdinal(id, later) < 0, $"{id} does not sort before {later}"));

        // 80 random bits: across 10,000 ids of one millisecond every hex digit of the random part takes many values.
        for (var position = 12; position < 32; position++)
        {
            Assert.True(sameMillisecond.Select(id => id[position]).Distinct().Count() >= 12, $"hex digit {position} is not random");
        }
    }

    [Fact]
    public void The_short_form_people_see_tells_apart_the_messages_of_one_millisecond()
    {
        var burst = Enumerable.Range(0, 50).Select(_ => MessageIds.NewMessageId(T0)).ToList();

        // The first 8 digits are the creation time: the same for the whole burst, useless to tell messages apart.
        Assert.Single(burst.Select(id => id[..8]).Distinct(StringComparer.Ordinal));
        Assert.Equal(burst.Count, burst.Select(MessageIds.ShortForm).Distinct(StringComparer.Ordinal).Count());
        Assert.All(burst, id => Assert.Equal(id[^8..], MessageIds.ShortForm(id)));
        Assert.Equal("abc", MessageIds.ShortForm("abc"));
    }
}
