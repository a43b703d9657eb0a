using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>The default policy, the example payloads, the dev federation's roles and a fixed clock.</summary>
internal static class PolicyKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static readonly MinimizationPolicy Default = PolicyLoader.LoadDefault();

    public static readonly IPseudonymKeySource Keys =
        new DerivedPseudonymKeySource(Encoding.UTF8.GetBytes("test secret of the sending country, 32+ bytes"), "k1");

    private static readonly Dictionary<string, ParticipantRole[]> Roles = new(StringComparer.Ordinal)
    {
        ["AL/NCP"] = [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator],
        ["AL/CONSULAR"] = [ParticipantRole.Consular],
        ["AL/POLICE"] = [ParticipantRole.Police],
        ["IT/NCP"] = [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator],
        ["IT/POLICE"] = [ParticipantRole.Police],
        ["GR/NCP"] = [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator],
    };

    public static CasePayload Example(string name) =>
        PayloadJson.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "payloads", name + ".json")), name);

    public static PolicyContext Context(
        MessageType type, string to, Purpose purpose, string from = "IT/NCP", ParticipantRole[]? toRoles = null) =>
        new(type, ParticipantId.Parse(from), Roles[from].ToHashSet(), ParticipantId.Parse(to),
            (toRoles ?? (Roles.TryGetValue(to, out var r) ? r : [])).ToHashSet(), purpose, Now);

    public static PolicyAllowed Allowed(PolicyOutcome outcome) =>
        outcome as PolicyAllowed ?? throw new Xunit.Sdk.XunitException(
            $"expected the message to be allowed, but {((PolicyRefused)outcome).RuleId} refused it: {((PolicyRefused)outcome).DetailCode}");

    public static PolicyRefused Refused(PolicyOutcome outcome) =>
        outcome as PolicyRefused ?? throw new Xunit.Sdk.XunitException("expected the message to be refused, but it was allowed");

    /// <summary>The decision lines as "path ACTION rule DETAIL", sorted, for exact comparison.</summary>
    public static string[] Lines(PolicyOutcome outcome) =>
        [.. outcome.Decisions.Select(d => $"{d.FieldPath} {d.Action} {d.RuleId} {d.DetailCode}").Order(StringComparer.Ordinal)];

    /// <summary>The field paths set in a payload (below the body), depth first, for "exactly these survive" assertions.</summary>
    public static string[] SetPaths(IMessage message, string prefix = "")
    {
        var paths = new List<string>();
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (!IsSet(message, field))
            {
                continue;
            }

            var path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
            if (field.FieldType == Google.Protobuf.Reflection.FieldType.Message)
            {
                var value = field.Accessor.GetValue(message);
                var items = field.IsRepeated ? ((System.Collections.IList)value).Cast<IMessage>() : [(IMessage)value];
                paths.AddRange(items.SelectMany(i => SetPaths(i, path)).Distinct(StringComparer.Ordinal));
            }
            else
            {
                paths.Add(path);
            }
        }

        return [.. paths.Distinct(StringComparer.Ordinal)];
    }

    private static bool IsSet(IMessage message, Google.Protobuf.Reflection.FieldDescriptor field)
    {
        var value = field.Accessor.GetValue(message);
        return value switch
        {
            System.Collections.IList list => list.Count > 0,
            null => false,
            string s => s.Length > 0,
            ByteString b => !b.IsEmpty,
            bool b => b,
            IMessage => true,
            _ when field.HasPresence => field.Accessor.HasValue(message),
            _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
        };
    }
}
