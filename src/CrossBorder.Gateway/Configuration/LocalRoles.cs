using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// The configured local roles by name: what each role may submit and read on the local face. The
/// local CA check admits only clients whose role is one of these, so a lookup by an admitted
/// client's role always finds one.
/// </summary>
/// <param name="ByName">The roles, keyed by the role name in the client certificate.</param>
internal sealed record LocalRoles(FrozenDictionary<string, LocalRole> ByName)
{
    /// <summary>The role of the given name.</summary>
    public LocalRole this[string name] => ByName[name];

    /// <summary>The local roles of options the validators passed.</summary>
    public static LocalRoles From(IEnumerable<LocalRoleOptions> roles) =>
        new(roles.ToFrozenDictionary(r => r.Name, r => new LocalRole(r.Name, Types(r.MaySubmit), Types(r.MayRead)), StringComparer.Ordinal));

    private static FrozenSet<MessageType> Types(List<string> names) =>
        names.Select(n => ProtoEnumNames<MessageType>.TryParse(n, out var type) ? type : throw new InvalidOperationException("unchecked message type")).ToFrozenSet();
}
