using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Collects the errors of one policy file with their lines, so that loading reports all of them
/// at once instead of stopping at the first.
/// </summary>
internal sealed class ErrorSink(string file)
{
    private readonly List<PolicyError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<PolicyError> Errors => _errors;

    public void Add(YamlNode? node, string message) => _errors.Add(new PolicyError(File, node is null ? 0 : (int)node.Start.Line, message));

    public void Add(int line, string message) => _errors.Add(new PolicyError(File, line, message));
}
