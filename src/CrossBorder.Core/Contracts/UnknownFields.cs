using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Contracts;

/// <summary>
/// Finds what the contract does not know in a parsed message: fields whose number the schema
/// does not define, and enum numbers it does not name (proto3 keeps both silently). Used to
/// refuse, deny by default, what a local client submits; never to pass it through.
/// </summary>
public static class UnknownFields
{
    /// <summary>The path of the first unknown field or enum value, e.g. <c>case_referral.person.#99</c>; null when none.</summary>
    public static string? Find(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Walk(message.Descriptor, message.ToByteString()) is { } found ? $"{message.Descriptor.Name}.{found}" : null;
    }

    /// <summary>The path of the first unknown thing below <paramref name="descriptor"/>, relative to it; strings are built only for a finding.</summary>
    private static string? Walk(MessageDescriptor descriptor, ByteString bytes)
    {
        var input = new CodedInputStream(bytes.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var field = descriptor.FindFieldByNumber(number);
            if (field is null)
            {
                return $"#{number}";
            }

            var wire = WireFormat.GetTagWireType(tag);
            if (field.FieldType == FieldType.Message && wire == WireFormat.WireType.LengthDelimited)
            {
                if (Walk(field.MessageType, input.ReadBytes()) is { } found)
                {
                    return $"{field.Name}.{found}";
                }
            }
            else if (field.FieldType == FieldType.Enum && wire == WireFormat.WireType.LengthDelimited)
            {
                var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                while (!packed.IsAtEnd)
                {
                    if (field.EnumType.FindValueByNumber(packed.ReadEnum()) is null)
                    {
                        return field.Name;
                    }
                }
            }
            else if (field.FieldType == FieldType.Enum && wire == WireFormat.WireType.Varint)
            {
                if (field.EnumType.FindValueByNumber(input.ReadEnum()) is null)
                {
                    return field.Name;
                }
            }
            else
            {
                input.SkipLastField();
            }
        }

        return null;
    }
}
