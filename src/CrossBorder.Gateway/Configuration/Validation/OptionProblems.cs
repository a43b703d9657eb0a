namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>The problems one validator finds, in the words the operator reads (without the config file's name, which the loader adds).</summary>
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

    public Microsoft.Extensions.Options.ValidateOptionsResult Result() =>
        _problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_problems);
}
