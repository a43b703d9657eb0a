using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy.Formats;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Delivery.Notices;

/// <summary>
/// The retention a payload carries (field 15 of every case message that has one: review date and
/// erasure date), as the receiving gateway keeps it beside the sealed bytes.
/// </summary>
/// <param name="ReviewDate">The review date as given, or null.</param>
/// <param name="ErasureDate">The erasure date as given, or null.</param>
/// <param name="EraseAt">
/// The first moment of the erasure date (UTC midnight; a year or month alone means its first day,
/// so that the data is never kept past what the sender could have meant), or null.
/// </param>
public sealed record RetentionDates(string? ReviewDate, string? ErasureDate, DateTimeOffset? EraseAt)
{
    /// <summary>The field number of <c>retention</c> in every case message that has one.</summary>
    public const int RetentionField = 15;

    /// <summary>No retention given.</summary>
    public static RetentionDates None { get; } = new(null, null, null);

    /// <summary>
    /// The retention of <paramref name="payload"/>, its dates as given; <see cref="None"/> when it has
    /// none. An erasure date not in its form gives no erase moment (the policy's format check refuses
    /// such a payload before it is stored, on both sides).
    /// </summary>
    public static RetentionDates Of(CasePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var body = payload.BodyCase == CasePayload.BodyOneofCase.None
            ? null
            : CasePayload.Descriptor.FindFieldByNumber((int)payload.BodyCase).Accessor.GetValue(payload) as Google.Protobuf.IMessage;
        var field = body?.Descriptor.FindFieldByNumber(RetentionField);
        if (field is not { FieldType: FieldType.Message } || field.MessageType != Retention.Descriptor
            || field.Accessor.GetValue(body) is not Retention retention)
        {
            return None;
        }

        var review = retention.ReviewDate.Length > 0 ? retention.ReviewDate : null;
        var erasure = retention.ErasureDate.Length > 0 ? retention.ErasureDate : null;
        return new RetentionDates(review, erasure, erasure is null ? null : FirstMoment(erasure));
    }

    /// <summary>The first moment (UTC) of a partial date, or null when it is not one.</summary>
    public static DateTimeOffset? FirstMoment(string date)
    {
        ArgumentNullException.ThrowIfNull(date);
        return ValueFormats.TryPartialDate(date, out var year, out var month, out var day)
            ? new DateTimeOffset(year, Math.Max(month, 1), Math.Max(day, 1), 0, 0, 0, TimeSpan.Zero)
            : null;
    }
}
