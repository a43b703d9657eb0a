using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Tests.Contracts;

/// <summary>
/// The example payloads under docs/examples/payloads (copied next to the test assembly) parse
/// strictly into the contract, one per message type, and follow the declared value formats.
/// </summary>
public class ExamplePayloadTests
{
    private static readonly string ExampleDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "payloads");

    /// <summary>One file per oneof case, named after the case: case_referral → case-referral.json.</summary>
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var field in CasePayload.Descriptor.Oneofs[0].Fields)
        {
            data.Add(FileNameOf(field));
        }

        return data;
    }

    [Fact]
    public void There_is_exactly_one_example_per_message_type()
    {
        var actual = Directory.GetFiles(ExampleDirectory, "*.json")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var expected = CasePayload.Descriptor.Oneofs[0].Fields
            .Select(FileNameOf)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(10, actual.Length);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_parses_strictly_into_its_message_type_with_content(string fileName)
    {
        var payload = Parse(fileName);

        var caseField = CasePayload.Descriptor.Oneofs[0].Accessor.GetCaseFieldDescriptor(payload);
        Assert.NotNull(caseField);
        Assert.Equal(fileName, FileNameOf(caseField));

        var body = (IMessage)caseField.Accessor.GetValue(payload);
        Assert.True(body.CalculateSize() > 0, $"{fileName}: the {caseField.Name} has no non-default field");
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_values_follow_their_declared_value_formats(string fileName)
    {
        var problems = new List<string>();
        CheckFormats(Parse(fileName), "", problems);

        Assert.True(problems.Count == 0, $"{fileName}:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void Strict_parsing_rejects_an_unknown_field()
    {
        var parser = new JsonParser(JsonParser.Settings.Default);

        Assert.Throws<InvalidProtocolBufferException>(
            () => parser.Parse<CasePayload>("""{"returnPlan": {"subjectPseudonym": "x", "shoeSize": 38}}"""));
    }

    private static CasePayload Parse(string fileName)
    {
        var json = File.ReadAllText(Path.Combine(ExampleDirectory, fileName));
        return new JsonParser(JsonParser.Settings.Default).Parse<CasePayload>(json);
    }

    private static string FileNameOf(FieldDescriptor oneofCase) => oneofCase.Name.Replace('_', '-') + ".json";

    private static void CheckFormats(IMessage message, string path, List<string> problems)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var fieldPath = path.Length == 0 ? field.Name : path + "." + field.Name;
            var value = field.Accessor.GetValue(message);
            var values = field.IsRepeated ? ((IList)value).Cast<object>() : [value];
            var index = 0;
            foreach (var item in values)
            {
                var itemPath = field.IsRepeated ? $"{fieldPath}[{index++}]" : fieldPath;
                if (item is IMessage nested)
                {
                    CheckFormats(nested, itemPath, problems);
                }
                else if (item is string text && text.Length > 0)
                {
                    var format = field.GetOptions()?.GetExtension(OptionsExtensions.ValueFormat) ?? ValueFormat.Unspecified;
                    if (!Conforms(format, text))
                    {
                        problems.Add($"{itemPath} = \"{text}\" is not a valid {format}");
                    }
                }
            }
        }
    }

    private static bool Conforms(ValueFormat format, string text) => format switch
    {
        ValueFormat.Unspecified => true,
        ValueFormat.CountryAlpha3 => Regex.IsMatch(text, "^[A-Z]{3}$"),
        ValueFormat.Subdivision => Regex.IsMatch(text, "^[A-Z]{2}-[A-Z0-9]{1,3}$"),
        ValueFormat.PartialDate => IsPartialDate(text),
        ValueFormat.DateTime => Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        ValueFormat.Language => Regex.IsMatch(text, "^[a-z]{2,3}$"),
        ValueFormat.Participant => Regex.IsMatch(text, "^[A-Z]{2}/[A-Z0-9_]+$"),
        ValueFormat.MessageId => Regex.IsMatch(text, "^[0-9a-f]{32}$"),
        ValueFormat.PersonName => Regex.IsMatch(text, @"^\p{L}[\p{L}' -]{0,99}$"),
        ValueFormat.PlaceName => Regex.IsMatch(text, @"^\p{L}[\p{L}' .-]{0,99}$"),
        ValueFormat.DocumentNumber => Regex.IsMatch(text, "^[A-Z0-9][A-Z0-9/-]{0,31}$"),
        ValueFormat.Reference => Regex.IsMatch(text, "^[A-Za-z0-9][A-Za-z0-9:/._-]{0,63}$"),
        ValueFormat.Organisation => Regex.IsMatch(text, "^[A-Z][A-Z0-9-]{1,63}$"),
        ValueFormat.Telephone => Regex.IsMatch(text, @"^\+[1-9][0-9]{3,14}$"),
        ValueFormat.Email => Regex.IsMatch(text, @"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"),
        _ => false,
    };

    private static bool IsPartialDate(string text) => text.Length switch
    {
        4 => DateTime.TryParseExact(text, "yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        7 => DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        10 => DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => false,
    };
}
