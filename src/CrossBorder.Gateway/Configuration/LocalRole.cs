using System.Collections.Frozen;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Gateway.Configuration;

/// <summary>A configured local role.</summary>
internal sealed record LocalRole(string Name, FrozenSet<MessageType> MaySubmit, FrozenSet<MessageType> MayRead);
