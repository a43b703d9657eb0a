using CrossBorder.Contracts.V1;

namespace CrossBorder.Cli.DevPki;

/// <summary>A local role of a dev gateway.</summary>
internal sealed record DevLocalRole(string Name, MessageType[] MaySubmit, MessageType[] MayRead);
