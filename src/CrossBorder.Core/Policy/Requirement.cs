namespace CrossBorder.Core.Policy;

/// <summary>
/// A refusing condition of a rule: when <see cref="If"/> holds (or is absent) and
/// <see cref="Check"/> does not, the whole message is refused with <see cref="Detail"/>.
/// </summary>
internal sealed record Requirement(Predicate? If, Predicate Check, string Detail, int Line);
