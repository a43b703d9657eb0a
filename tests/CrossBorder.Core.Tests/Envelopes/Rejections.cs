using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Xunit.Sdk;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>Runs an operation that must be refused and returns the reason code.</summary>
internal static class Rejections
{
    /// <summary>
    /// The reason of the <see cref="RejectedException"/> that <paramref name="open"/> throws; fails
    /// the test if it succeeds or throws anything else (naming the exception type).
    /// </summary>
    public static ReasonCode ReasonOf(Action open)
    {
        var outcome = Outcome(open);
        return outcome.Reason ?? throw new XunitException(outcome.Description);
    }

    /// <summary>What <paramref name="open"/> did: refused (with the reason), succeeded, or threw something else.</summary>
    public static (ReasonCode? Reason, string Description) Outcome(Action open)
    {
        ArgumentNullException.ThrowIfNull(open);
        try
        {
            open();
        }
        catch (RejectedException rejected)
        {
            return (rejected.Reason, $"rejected: {rejected.Reason}");
        }
#pragma warning disable CA1031 // anything but a RejectedException is the finding being reported
        catch (Exception other)
#pragma warning restore CA1031
        {
            return (null, $"threw {other.GetType().FullName} instead of RejectedException: {other.Message}");
        }

        return (null, "opened: expected a RejectedException");
    }
}
