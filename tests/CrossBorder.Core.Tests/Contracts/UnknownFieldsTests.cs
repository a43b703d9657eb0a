using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using Google.Protobuf;

namespace CrossBorder.Core.Tests.Contracts;

/// <summary>Submissions are refused, never passed through, when they carry what the contract does not define.</summary>
public sealed class UnknownFieldsTests
{
    private static readonly JsonParser Strict = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    [Fact]
    public void Every_shipped_example_is_fully_known()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "payloads"), "*.json"))
        {
            Assert.Null(UnknownFields.Find(Strict.Parse<CasePayload>(File.ReadAllText(file))));
        }
    }

    [Fact]
    public void An_unknown_field_deep_in_a_payload_is_found_with_its_path()
    {
        var person = new PersonIdentity { FamilyName = "PROVA" };
        byte[] bytes = [.. person.ToByteArray(), 0x9A, 0x06, 0x01, (byte)'x']; // field 99, length-delimited
        var payload = new CasePayload
        {
            IdentityConfirmationRequest = new IdentityConfirmationRequest { Person = PersonIdentity.Parser.ParseFrom(bytes) },
        };

        Assert.Equal("CasePayload.identity_confirmation_request.person.#99(wire 2)", UnknownFields.Find(payload));
    }

    [Fact]
    public void An_enum_number_the_contract_does_not_name_is_found()
    {
        var payload = new CasePayload { ReceptionConfirmation = new ReceptionConfirmation { Status = (ReceptionStatus)77 } };

        Assert.Equal("CasePayload.reception_confirmation.status", UnknownFields.Find(payload));
    }
}
