namespace CrossBorder.Core.Policy;

/// <summary>
/// A refusing condition of a rule: when <see cref="If"/> holds (or is absent) and
/// <see cref="Check"/> does not, the whole message is refused with <see cref="Detail"/>.
/// </summary>
internal sealed record Requirement(Predicate? If, Predicate Check, string Detail, int Line);

/// <summary>A refusing flag of a rule: when <see cref="When"/> holds, the message is refused.</summary>
internal sealed record RefuseWhen(Predicate When, string Detail, int Line);
