using System.Text.Json.Serialization;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>The RFC 5280 section 6.1.1 user inputs of a PKITS case.</summary>
public sealed record PkitsSettings(
    [property: JsonPropertyName("initial_policy_set")] string[] InitialPolicySet,
    [property: JsonPropertyName("initial_explicit_policy")] bool InitialExplicitPolicy,
    [property: JsonPropertyName("initial_policy_mapping_inhibit")] bool InitialPolicyMappingInhibit,
    [property: JsonPropertyName("initial_any_policy_inhibit")] bool InitialAnyPolicyInhibit);
