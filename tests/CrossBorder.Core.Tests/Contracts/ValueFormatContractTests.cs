using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy.Formats;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Tests.Contracts;

/// <summary>
/// Every string a payload can carry has a stated form or a stated maximum: a value format, or a
/// <c>max_length</c> (free text). The fields issue 12 names carry the format it asks for.
/// </summary>
public class ValueFormatContractTests
{
    [Fact]
    public void Every_string_field_of_every_payload_message_has_a_value_format_or_a_max_length()
    {
        var unbounded = PayloadFields()
            .Where(f => f.FieldType == FieldType.String && Format(f) == ValueFormat.Unspecified && MaxLength(f) == 0)
            .Select(f => f.FullName)
            .ToList();

        Assert.True(unbounded.Count == 0, "string fields with neither a value format nor a max_length:\n  " + string.Join("\n  ", unbounded));
    }

    [Fact]
    public void Only_string_fields_carry_a_value_format_or_a_max_length()
    {
        var misplaced = PayloadFields()
            .Where(f => f.FieldType != FieldType.String && (Format(f) != ValueFormat.Unspecified || MaxLength(f) != 0))
            .Select(f => f.FullName)
            .ToList();

        Assert.Empty(misplaced);
    }

    [Theory]
    [InlineData("crossborder.v1.ReturnRiskAssessment.municipality", ValueFormat.Subdivision)]
    [InlineData("crossborder.v1.ReturnPlan.destination_municipality", ValueFormat.Subdivision)]
    [InlineData("crossborder.v1.ReturnPlan.reception_organisation", ValueFormat.Organisation)]
    [InlineData("crossborder.v1.Escort.organisation", ValueFormat.Organisation)]
    [InlineData("crossborder.v1.Guardian.organisation", ValueFormat.Organisation)]
    [InlineData("crossborder.v1.FamilyTracing.tracing_organisation", ValueFormat.Organisation)]
    [InlineData("crossborder.v1.TravelLeg.from_place", ValueFormat.PlaceName)]
    [InlineData("crossborder.v1.TravelLeg.to_place", ValueFormat.PlaceName)]
    [InlineData("crossborder.v1.TravelLeg.carrier_reference", ValueFormat.Reference)]
    [InlineData("crossborder.v1.TravelDocument.document_number", ValueFormat.DocumentNumber)]
    [InlineData("crossborder.v1.PersonIdentity.family_name", ValueFormat.PersonName)]
    [InlineData("crossborder.v1.PersonIdentity.aliases", ValueFormat.PersonName)]
    [InlineData("crossborder.v1.Guardian.given_names", ValueFormat.PersonName)]
    [InlineData("crossborder.v1.FamilyMember.family_name", ValueFormat.PersonName)]
    [InlineData("crossborder.v1.Guardian.telephone", ValueFormat.Telephone)]
    [InlineData("crossborder.v1.Person.telephone_numbers", ValueFormat.Telephone)]
    [InlineData("crossborder.v1.Guardian.email", ValueFormat.Email)]
    public void The_fields_issue_12_names_carry_the_format_it_asks_for(string field, ValueFormat expected)
    {
        Assert.Equal(expected, Format(PayloadFields().Single(f => f.FullName == field)));
    }

    [Fact]
    public void Every_narrative_field_has_a_max_length_and_no_format()
    {
        var narrative = PayloadFields().Where(f => f.GetOptions()?.GetExtension(OptionsExtensions.DataClass) == DataClass.Narrative).ToList();

        Assert.NotEmpty(narrative);
        Assert.All(narrative, f => Assert.True(Format(f) == ValueFormat.Unspecified && MaxLength(f) is > 0 and <= 4000, f.FullName));
    }

    [Fact]
    public void Every_value_format_has_a_maximum_length_and_a_detail_code_of_its_own()
    {
        var formats = Enum.GetValues<ValueFormat>().Where(f => f != ValueFormat.Unspecified).ToList();

        Assert.All(formats, f => Assert.True(ValueFormats.MaxLength(f) > 0, f.ToString()));
        Assert.Equal(formats.Count, formats.Select(ValueFormats.DetailCode).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(FormatDetailCodes.Text, formats.Select(ValueFormats.DetailCode));
    }

    [Fact]
    public void The_country_lists_hold_every_assigned_iso_3166_code_and_the_icao_codes()
    {
        Assert.Equal(CountryCodes.AssignedCount, CountryCodes.AssignedPairs);
        Assert.Equal(CountryCodes.AssignedCount + 1, CountryCodes.Alpha2.Count); // and XK (Kosovo)
        Assert.Equal(CountryCodes.AssignedCount + 2 + 4, CountryCodes.Alpha3.Count); // XKX, RKS and XXA, XXB, XXC, XXX
        Assert.Subset(CountryCodes.Alpha3.ToHashSet(), new HashSet<string> { "ALB", "ITA", "GRC", "XXA", "XXB", "XXC", "XXX", "DEU", "GBR" });
        Assert.DoesNotContain("D", (IReadOnlySet<string>)CountryCodes.Alpha3);
        Assert.Equal(184, LanguageCodes.TwoLetter.Count);
    }

    private static ValueFormat Format(FieldDescriptor field) => field.GetOptions()?.GetExtension(OptionsExtensions.ValueFormat) ?? ValueFormat.Unspecified;

    private static uint MaxLength(FieldDescriptor field) => field.GetOptions()?.GetExtension(OptionsExtensions.MaxLength) ?? 0;

    private static List<FieldDescriptor> PayloadFields()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<FieldDescriptor>();
        var pending = new Stack<MessageDescriptor>(CasePayload.Descriptor.Fields.InDeclarationOrder().Select(f => f.MessageType));
        while (pending.Count > 0)
        {
            var message = pending.Pop();
            if (!seen.Add(message.FullName))
            {
                continue;
            }

            foreach (var field in message.Fields.InDeclarationOrder())
            {
                fields.Add(field);
                if (field.FieldType == FieldType.Message)
                {
                    pending.Push(field.MessageType);
                }
            }
        }

        return fields;
    }
}
