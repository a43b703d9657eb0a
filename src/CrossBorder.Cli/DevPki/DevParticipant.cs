using CrossBorder.Contracts.V1;

namespace CrossBorder.Cli.DevPki;

/// <summary>A participant of the dev federation.</summary>
internal sealed record DevParticipant(
    string Id,
    int Index,
    ParticipantRole[] Roles,
    MessageType[] MaySend,
    MessageType[] MayReceive,
    DevLocalRole[] LocalRoles,
    bool RsaEncryption)
{
    public int PeerPort => PeerPortFrom(DevFederationSpec.BasePort);

    public int LocalPort => LocalPortFrom(DevFederationSpec.BasePort);

    /// <summary>The peer face port when the federation's ports start at <paramref name="basePort"/>.</summary>
    public int PeerPortFrom(int basePort) => basePort + (10 * Index) + 1;

    /// <summary>The local face port when the federation's ports start at <paramref name="basePort"/>.</summary>
    public int LocalPortFrom(int basePort) => basePort + (10 * Index) + 2;

    /// <summary>The operations face port when the federation's ports start at <paramref name="basePort"/>.</summary>
    public int OpsPortFrom(int basePort) => basePort + (10 * Index) + 3;
}
