using System.Collections;
using System.Globalization;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>Random payloads built through the descriptors: any field may be set, with values in its declared format.</summary>
internal sealed class RandomPayloads(Random random)
{
    public List<string> Texts { get; } = [];

    public CasePayload Build(MessageType type)
    {
        var payload = new CasePayload();
        var body = CasePayload.Descriptor.FindFieldByNumber((int)type);
        var message = body.MessageType.Parser.ParseFrom(ByteString.Empty);
        Fill(message, depth: 0);
        body.Accessor.SetValue(payload, message);
        if (message is AggregateStatistics statistics)
        {
            Statistics(statistics);
        }

        return payload;
    }

    /// <summary>Statistics codes come from closed sets per dimension, each dimension once per cell, birth years are years.</summary>
    private void Statistics(AggregateStatistics statistics)
    {
        string[][] codes = [[], ["F", "M", "X"], ["ALB", "ITA", "XXB"], ["SEXUAL", "LABOUR"], ["GRC", "ITA"], ["CHILD", "ADULT"]];
        foreach (var cell in statistics.Cells)
        {
            cell.Dimensions.Clear();
            foreach (var dimension in Enumerable.Range(1, 5).Where(_ => random.NextDouble() < 0.5))
            {
                cell.Dimensions.Add(new DimensionValue { Dimension = (StatisticsDimension)dimension, Code = codes[dimension][random.Next(codes[dimension].Length)] });
            }

            if (cell.HasBirthYear)
            {
                cell.BirthYear = (uint)random.Next(1950, 2020);
            }
            else if (cell.HasBirthBandStartYear)
            {
                cell.BirthBandStartYear = (uint)random.Next(1950, 2020);
            }
        }
    }

    private void Fill(IMessage message, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (random.NextDouble() < 0.35 || (field.RealContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(message) is not null))
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    list.Add(Value(field, depth));
                }
            }
            else
            {
                field.Accessor.SetValue(message, Value(field, depth));
            }
        }
    }

    private object Value(FieldDescriptor field, int depth)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                var child = field.MessageType.Parser.ParseFrom(ByteString.Empty);
                Fill(child, depth + 1);
                return child;
            case FieldType.Enum:
                var values = field.EnumType.Values.Where(v => v.Number != 0).ToList();
                return Enum.ToObject(field.EnumType.ClrType, values[random.Next(values.Count)].Number);
            case FieldType.Bool:
                return true;
            case FieldType.UInt32:
                return (uint)random.Next(1, 3000);
            case FieldType.Bytes:
                return ByteString.CopyFrom([.. Enumerable.Range(0, 8).Select(_ => (byte)random.Next(256))]);
            default:
                return Text(field);
        }
    }

    private string Text(FieldDescriptor field)
    {
        var format = field.GetOptions()?.GetExtension(OptionsExtensions.ValueFormat) ?? ValueFormat.Unspecified;
        var day = new DateOnly(1950, 1, 1).AddDays(random.Next(30000));
        var text = format switch
        {
            ValueFormat.PartialDate => day.ToString(random.Next(3) switch { 0 => "yyyy", 1 => "yyyy-MM", _ => "yyyy-MM-dd" }, CultureInfo.InvariantCulture),
            ValueFormat.DateTime => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:00:00Z",
            ValueFormat.Subdivision => $"AL-{random.Next(1, 13):D2}",
            ValueFormat.CountryAlpha3 => "ALB",
            ValueFormat.Participant => random.Next(2) == 0 ? "AL/NCP" : "AL/CONSULAR",
            ValueFormat.Language => random.Next(2) == 0 ? "qzx" : "qzy",
            ValueFormat.MessageId => Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())),
            ValueFormat.PersonName or ValueFormat.PlaceName => "Q" + Letters(10),
            ValueFormat.DocumentNumber => "D" + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())),
            ValueFormat.Organisation => "ORG-" + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())),
            ValueFormat.Telephone => "+3" + random.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture),
            ValueFormat.Email => "v" + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + "@mail.example",
            _ => "v" + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())),
        };
        Texts.Add(text);
        return text;
    }

    private string Letters(int count) => new([.. Enumerable.Range(0, count).Select(_ => (char)('A' + random.Next(26)))]);
}
