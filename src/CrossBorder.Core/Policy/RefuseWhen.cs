namespace CrossBorder.Core.Policy;

/// <summary>A refusing flag of a rule: when <see cref="When"/> holds, the message is refused.</summary>
internal sealed record RefuseWhen(Predicate When, string Detail, int Line);
