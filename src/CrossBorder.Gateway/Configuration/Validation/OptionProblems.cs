namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>The problems one validator or file checker finds, in the words the operator reads (without the config file's name, which the loader adds).</summary>
internal sealed class OptionProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    public void Add(string problem) => _problems.Add(problem);

    /// <summary>Reports <paramref name="name"/> unless <paramref name="value"/> is a number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public void Range(double value, double min, double max, string name)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Add($"{name} must be {min} to {max}");
        }
    }

    /// <summary>The parsed <paramref name="value"/>; null, and <paramref name="name"/> reported with <paramref name="hint"/>, when it is empty or does not parse.</summary>
    public T? Required<T>(string value, string name, Func<string, T?> parse, string hint)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (string.IsNullOrWhiteSpace(value))
        {
            Add($"{name} is required");
            return null;
        }

        var parsed = parse(value);
        if (parsed is null)
        {
            Add($"{name} '{value}' {hint}");
        }

        return parsed;
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult Result() =>
        _problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_problems);
}
