using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>
/// A consent record at <see cref="Field"/> covers the message: its purposes include the
/// message's purpose, its recipients name the recipient (a participant id such as
/// <c>AL/NCP</c>, or a country and role such as <c>AL/CHILD_PROTECTION</c> that the recipient
/// has), it was given at or before the evaluation time and is not withdrawn by then; with
/// <see cref="ExplicitHealth"/>, it also records explicit consent to health data.
/// </summary>
internal sealed record ConsentPredicate(FieldRef Field, bool ExplicitHealth) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context) =>
        Field.Values(body, context.MessageType).OfType<ConsentRecord>().Any(c => Covers(c, context));

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => into.Add(Field.Path);

    private bool Covers(ConsentRecord consent, PolicyContext context)
    {
        if (!consent.Purposes.Contains(context.Purpose) || (ExplicitHealth && !consent.ExplicitHealthConsent))
        {
            return false;
        }

        if (!consent.Recipients.Any(r => NamesRecipient(r, context)))
        {
            return false;
        }

        if (!TryTime(consent.GivenAt, out var given) || given > context.Now)
        {
            return false;
        }

        return consent.WithdrawnAt.Length == 0 || (TryTime(consent.WithdrawnAt, out var withdrawn) && withdrawn > context.Now);
    }

    private static bool NamesRecipient(string entry, PolicyContext context)
    {
        if (string.Equals(entry, context.Recipient.ToString(), StringComparison.Ordinal))
        {
            return true;
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && string.Equals(entry[..slash], context.Recipient.Country, StringComparison.Ordinal)
            && ProtoEnumNames<ParticipantRole>.TryParse(entry[(slash + 1)..], out var role)
            && context.RecipientRoles.Contains(role);
    }

    private static bool TryTime(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out at);
}
