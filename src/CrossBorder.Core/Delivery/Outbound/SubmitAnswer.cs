using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// What the outbound pipeline answers a submission: the submit response (the message's ids and the
/// policy decisions), or the refusal; when the minimization policy refused, <paramref name="Report"/>
/// holds the decisions that explain it (paths, rules and codes, never values) for the local client.
/// </summary>
/// <param name="Outcome">The submit response, or the refusal with its reason code.</param>
/// <param name="Report">The decision report of a policy refusal; null otherwise.</param>
public sealed record SubmitAnswer(Outcome<SubmitResponse> Outcome, SubmitResponse? Report = null);
