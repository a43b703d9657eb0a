using CrossBorder.Contracts.V1;
using Google.Protobuf.Reflection;

namespace CrossBorder.Ops.Tests.Canary;

/// <summary>
/// The payload fields a receiving gateway stores in the clear beside the sealed bytes, because it
/// acts on them without opening the envelope again: every payload's retention dates (the erasure
/// date is enforced, the review date shown) and a notice's message references. All of them are
/// <see cref="DataClass.None"/>: facts about records, never about a person. Nothing else of a
/// payload may reach a data file.
/// </summary>
internal static class StoredMetadata
{
    private static readonly FieldDescriptor[] Fields =
    [
        Retention.Descriptor.FindFieldByNumber(Retention.ReviewDateFieldNumber),
        Retention.Descriptor.FindFieldByNumber(Retention.ErasureDateFieldNumber),
        CorrectionOrWithdrawalNotice.Descriptor.FindFieldByNumber(CorrectionOrWithdrawalNotice.MessageReferencesFieldNumber),
        CorrectionOrWithdrawalNotice.Descriptor.FindFieldByNumber(CorrectionOrWithdrawalNotice.CorrectedByFieldNumber),
    ];

    /// <summary>Whether a canary's field path (<c>label.message.field[…]</c>) is one of <see cref="Fields"/>; throws if any of them is not of class NONE.</summary>
    public static bool IsMetadata(string path)
    {
        foreach (var field in Fields)
        {
            if (field.GetOptions().GetExtension(OptionsExtensions.DataClass) != DataClass.None)
            {
                throw new InvalidOperationException($"{field.FullName} is stored in the clear but is not of data class NONE");
            }
        }

        var last = path[(path.LastIndexOf('.') + 1)..];
        var name = last.Split('[')[0];
        var parent = path[..path.LastIndexOf('.')];
        return name switch
        {
            "review_date" or "erasure_date" => parent.EndsWith(".retention", StringComparison.Ordinal),
            "message_references" or "corrected_by" => parent.EndsWith(".correction_or_withdrawal_notice", StringComparison.Ordinal),
            _ => false,
        };
    }
}
