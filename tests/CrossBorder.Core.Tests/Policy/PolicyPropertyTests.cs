using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Google.Protobuf.Reflection;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// Random payloads against random policies (seeded, so a failure replays): nothing outside what the
/// rule allows survives, nothing it drops survives, evaluation is deterministic, decisions carry
/// no values, and pseudonyms are stable per link and differ across links.
/// </summary>
public class PolicyPropertyTests
{
    private static readonly DataClass[] Classes = [.. ProtoEnumNames<DataClass>.Defined];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void No_field_outside_the_allowed_set_survives_and_evaluation_is_deterministic(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 150; round++)
        {
            var type = PayloadTypes[random.Next(PayloadTypes.Length)];
            var paths = AllPaths(type);
            var allow = paths.Where(_ => random.NextDouble() < 0.15).Select(p => p.Path).ToList();
            var classes = Classes.Where(_ => random.NextDouble() < 0.15).ToList();
            var drops = paths.Where(_ => random.NextDouble() < 0.05).Select(p => p.Path).ToList();
            var truncates = paths.Where(p => p.Field.FieldType == FieldType.String && !drops.Contains(p.Path) && random.NextDouble() < 0.1)
                .Select(p => p.Path).ToList();
            if (allow.Count + classes.Count == 0)
            {
                allow.Add(paths[0].Path);
            }

            var yaml = new StringBuilder($"id: random\nversion: \"{seed}.{round}\"\nrules:\n  - id: r\n    match: {{ types: [{ProtoEnumNames<MessageType>.Name(type)}] }}\n    allow:\n");
            allow.ForEach(p => yaml.Append(CultureInfo($"      - {p}\n")));
            classes.ForEach(c => yaml.Append(CultureInfo($"      - {{ class: {ProtoEnumNames<DataClass>.Name(c)} }}\n")));
            if (drops.Count > 0)
            {
                yaml.Append("    drop:\n");
                drops.ForEach(p => yaml.Append(CultureInfo($"      - {{ path: {p} }}\n")));
            }

            if (truncates.Count > 0)
            {
                yaml.Append("    transform:\n");
                truncates.ForEach(p => yaml.Append(CultureInfo($"      - {{ path: {p}, truncate: 5 }}\n")));
            }

            // A second rule that allows data classes for some purposes and recipient roles only.
            var purposes = Enum.GetValues<Purpose>().Where(p => p != Purpose.Unspecified && random.NextDouble() < 0.5).ToList();
            var roles = Enum.GetValues<ParticipantRole>().Where(r => r != ParticipantRole.Unspecified && random.NextDouble() < 0.5).ToList();
            var extraClasses = Classes.Where(_ => random.NextDouble() < 0.2).ToList();
            if (purposes.Count > 0 && roles.Count > 0 && extraClasses.Count > 0)
            {
                yaml.Append(CultureInfo($"  - id: s\n    match: {{ types: [{ProtoEnumNames<MessageType>.Name(type)}], purposes: [{string.Join(", ", purposes.Select(ProtoEnumNames<Purpose>.Name))}], to: {{ roles: [{string.Join(", ", roles.Select(ProtoEnumNames<ParticipantRole>.Name))}] }} }}\n    allow:\n"));
                extraClasses.ForEach(c => yaml.Append(CultureInfo($"      - {{ class: {ProtoEnumNames<DataClass>.Name(c)} }}\n")));
            }
            else
            {
                extraClasses.Clear();
            }

            var purpose = Enum.GetValues<Purpose>()[random.Next(1, Enum.GetValues<Purpose>().Length)];
            var recipient = new[] { "AL/NCP", "AL/CONSULAR", "AL/POLICE" }[random.Next(3)];
            var recipientRoles = recipient switch { "AL/NCP" => new[] { ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator }, "AL/CONSULAR" => [ParticipantRole.Consular], _ => [ParticipantRole.Police] };
            if (purposes.Contains(purpose) && roles.Intersect(recipientRoles).Any())
            {
                classes.AddRange(extraClasses);
            }

            var load = PolicyLoader.Load(yaml.ToString(), "random.yaml");
            Assert.True(load.Policy is not null, string.Join(Environment.NewLine, load.Errors));
            var generator = new RandomPayloads(random);
            var payload = generator.Build(type);
            var context = Context(type, recipient, purpose);

            var first = Allowed(load.Policy.Evaluate(payload, context, Keys));
            var second = Allowed(load.Policy.Evaluate(payload, context, Keys));

            Assert.Equal(first.Payload, second.Payload);
            Assert.Equal(first.Decisions, second.Decisions);
            var body = CasePayload.Descriptor.FindFieldByNumber((int)type).Name;
            foreach (var path in SetPaths(first.Payload))
            {
                var relative = path[(body.Length + 1)..];
                var leaf = paths.Single(p => p.Path == relative).Field;
                var dataClass = leaf.GetOptions().GetExtension(OptionsExtensions.DataClass);
                var allowed = allow.Any(a => IsSelfOrBelow(relative, a)) || classes.Contains(dataClass) || truncates.Contains(relative);
                Assert.True(allowed, $"seed {seed} round {round}: {path} survived but nothing allows it");
                Assert.False(drops.Any(d => IsSelfOrBelow(relative, d)), $"seed {seed} round {round}: {path} survived a drop");
            }

            foreach (var decision in first.Decisions)
            {
                var line = decision.ToString();
                Assert.DoesNotContain(generator.Texts, t => line.Contains(t, StringComparison.Ordinal));
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Pseudonyms_are_stable_per_link_and_differ_across_links(int seed)
    {
        var random = new Random(seed);
        var secret = new byte[32];
        random.NextBytes(secret);
        var keys = new DerivedPseudonymKeySource(secret, "k7");
        var links = new[] { ("IT/NCP", "AL/NCP"), ("IT/NCP", "GR/NCP"), ("GR/NCP", "AL/NCP") };
        for (var i = 0; i < 100; i++)
        {
            var subject = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));
            var pseudonyms = links.Select(link => PseudonymOn(keys, link, subject)).ToList();

            Assert.Equal(pseudonyms, links.Select(link => PseudonymOn(keys, link, subject)).ToList());
            Assert.Equal(pseudonyms.Count, pseudonyms.Distinct(StringComparer.Ordinal).Count());
            Assert.All(pseudonyms, p => Assert.StartsWith("k7:", p, StringComparison.Ordinal));
            Assert.NotEqual(pseudonyms[0], PseudonymOn(keys, links[0], subject + "x"));
        }
    }

    private static string PseudonymOn(IPseudonymKeySource keys, (string From, string To) link, string subject)
    {
        var payload = Example("reception-confirmation");
        payload.ReceptionConfirmation.SubjectPseudonym = subject;
        var context = new PolicyContext(
            MessageType.ReceptionConfirmation, ParticipantId.Parse(link.From), new HashSet<ParticipantRole> { ParticipantRole.Ncp },
            ParticipantId.Parse(link.To), new HashSet<ParticipantRole> { ParticipantRole.Ncp }, Purpose.ReturnCoordination, Now);
        return Allowed(Default.Evaluate(payload, context, keys)).Payload.ReceptionConfirmation.SubjectPseudonym;
    }

    private static readonly MessageType[] PayloadTypes = [.. ProtoEnumNames<MessageType>.Defined];

    private static List<(string Path, FieldDescriptor Field)> AllPaths(MessageType type)
    {
        var list = new List<(string, FieldDescriptor)>();
        void Walk(MessageDescriptor message, string prefix)
        {
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                var path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
                list.Add((path, field));
                if (field.FieldType == FieldType.Message)
                {
                    Walk(field.MessageType, path);
                }
            }
        }

        Walk(CasePayload.Descriptor.FindFieldByNumber((int)type).MessageType, "");
        return list;
    }

    private static bool IsSelfOrBelow(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal);

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
