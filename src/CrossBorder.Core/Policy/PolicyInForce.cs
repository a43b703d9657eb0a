using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The policy in force, swapped atomically. At start-up an invalid policy is an exception (the
/// gateway refuses to start); a reload with errors keeps the last good policy and returns the
/// errors. A message is evaluated against the one snapshot it read.
/// </summary>
public sealed class PolicyInForce
{
    private readonly ILogger _logger;
    private MinimizationPolicy _current;

    /// <summary>Puts a validated policy in force.</summary>
    public PolicyInForce(MinimizationPolicy initial, ILogger<PolicyInForce>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        PolicyLog.InForce(_logger, initial.Id, initial.Version, Convert.ToHexStringLower(initial.Sha256));
    }

    /// <summary>The snapshot in force now.</summary>
    public MinimizationPolicy Current => Volatile.Read(ref _current);

    /// <summary>Loads <paramref name="text"/>; puts it in force only when it has no errors, and returns the errors.</summary>
    public IReadOnlyList<PolicyError> TryReload(string text, string fileName)
    {
        var result = PolicyLoader.Load(text, fileName);
        if (result.Policy is { } policy)
        {
            Volatile.Write(ref _current, policy);
            PolicyLog.InForce(_logger, policy.Id, policy.Version, Convert.ToHexStringLower(policy.Sha256));
            return result.Errors;
        }

        foreach (var error in result.Errors)
        {
            PolicyLog.Error(_logger, error.File, error.Line, error.Message);
        }

        PolicyLog.ReloadRefused(_logger, result.Errors.Count, Current.Id, Current.Version);

        return result.Errors;
    }
}
