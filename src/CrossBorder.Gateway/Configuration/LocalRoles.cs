using System.Collections.Frozen;

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
}
