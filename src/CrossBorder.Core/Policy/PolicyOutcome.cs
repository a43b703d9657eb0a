using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The result of minimizing one outgoing payload: <see cref="PolicyAllowed"/> or
/// <see cref="PolicyRefused"/>, with the decision report (paths, rules, codes; never values)
/// and the stamp of the policy that decided.
/// </summary>
/// <param name="Decisions">One line per removed, transformed or missing field, in payload order.</param>
/// <param name="Stamp">The policy's id, version and canonical SHA-256, for the signed inner header.</param>
public abstract record PolicyOutcome(IReadOnlyList<Decision> Decisions, PolicyStamp Stamp);
