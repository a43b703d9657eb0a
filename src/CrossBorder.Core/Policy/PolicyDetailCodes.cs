namespace CrossBorder.Core.Policy;

/// <summary>
/// The detail codes the engine itself uses. A policy file may name its own detail codes for its
/// rules (any <c>POLICY_…</c> name); these are the defaults.
/// </summary>
public static class PolicyDetailCodes
{
    /// <summary>No matching rule allows the field (deny by default).</summary>
    public const string FieldNotAllowed = "POLICY_FIELD_NOT_ALLOWED";

    /// <summary>A rule drops the field explicitly.</summary>
    public const string Dropped = "POLICY_DROPPED";

    /// <summary>The value was generalized (date to year or band, place to country).</summary>
    public const string Generalized = "POLICY_GENERALIZED";

    /// <summary>The value was replaced by a per-link pseudonym.</summary>
    public const string Pseudonymized = "POLICY_PSEUDONYMIZED";

    /// <summary>The text was cut to the allowed length.</summary>
    public const string Truncated = "POLICY_TRUNCATED";

    /// <summary>A small statistics cell was suppressed.</summary>
    public const string SmallCellSuppressed = "POLICY_SMALL_CELL_SUPPRESSED";

    /// <summary>A statistics cell was suppressed so that a small suppressed cell cannot be derived from the others.</summary>
    public const string ComplementaryCellSuppressed = "POLICY_COMPLEMENTARY_CELL_SUPPRESSED";

    /// <summary>A statistics dimension code is not in the closed code set of its dimension.</summary>
    public const string StatisticsCodeInvalid = "POLICY_STATISTICS_CODE_INVALID";

    /// <summary>A statistics dimension is unspecified or not a defined dimension.</summary>
    public const string StatisticsDimensionInvalid = "POLICY_STATISTICS_DIMENSION_INVALID";

    /// <summary>A statistics cell names the same dimension twice.</summary>
    public const string StatisticsDimensionRepeated = "POLICY_STATISTICS_DIMENSION_REPEATED";

    /// <summary>A statistics cell's birth year or band start is not a year from 1900 to the evaluation year.</summary>
    public const string StatisticsBirthYearInvalid = "POLICY_STATISTICS_BIRTH_YEAR_INVALID";

    /// <summary>A statistics table has more cells than the engine protects (<c>StatisticsValidation.MaxCells</c>).</summary>
    public const string StatisticsTableTooLarge = "POLICY_STATISTICS_TABLE_TOO_LARGE";

    /// <summary>An unset field was given the value the policy prescribes.</summary>
    public const string Defaulted = "POLICY_DEFAULTED";

    /// <summary>A field was allowed only under a condition that does not hold.</summary>
    public const string ConditionNotMet = "POLICY_CONDITION_NOT_MET";

    /// <summary>A requirement of a rule does not hold.</summary>
    public const string RequirementNotMet = "POLICY_REQUIREMENT_NOT_MET";

    /// <summary>No rule matches the message type, recipient and purpose.</summary>
    public const string NoRule = "POLICY_NO_RULE";

    /// <summary>A rule refuses the message outright.</summary>
    public const string Refused = "POLICY_REFUSED_BY_RULE";

    /// <summary>The rule id reported when nothing allowed a field.</summary>
    public const string DefaultDenyRule = "default-deny";

    /// <summary>The rule id reported when a statistics table is refused for its codes or shape, whatever the policy.</summary>
    public const string StatisticsRule = "statistics-codes";
}
