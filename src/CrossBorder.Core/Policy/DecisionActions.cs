namespace CrossBorder.Core.Policy;

/// <summary>The <c>action</c> values of a decision report line (crossborder.v1.Decision).</summary>
public static class DecisionActions
{
    /// <summary>The field was cleared.</summary>
    public const string Removed = "REMOVED";

    /// <summary>The value was made coarser.</summary>
    public const string Generalized = "GENERALIZED";

    /// <summary>The value was replaced by a per-link pseudonym.</summary>
    public const string Pseudonymized = "PSEUDONYMIZED";

    /// <summary>The text was shortened.</summary>
    public const string Truncated = "TRUNCATED";

    /// <summary>An unset field was set to the value the policy prescribes.</summary>
    public const string Defaulted = "DEFAULTED";

    /// <summary>A required field or condition is missing.</summary>
    public const string RequiredMissing = "REQUIRED_MISSING";

    /// <summary>The message is refused.</summary>
    public const string Refused = "REFUSED";
}
