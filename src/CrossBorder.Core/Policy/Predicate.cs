using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>
/// A condition over the payload as submitted (before minimization) and the evaluation context.
/// Predicates are small and composable: <c>set</c>, <c>equals</c>, <c>minor</c>, <c>consent</c>,
/// <c>purpose</c>, and <c>any</c>/<c>all</c>/<c>not</c> over them.
/// </summary>
internal abstract record Predicate
{
    public abstract bool Holds(IMessage body, PolicyContext context);

    /// <summary>
    /// The paths that decide the predicate's outcome: for a flag that holds, the fields that make it
    /// hold; for a check that fails, the parts that fail.
    /// </summary>
    public virtual void Blame(IMessage body, PolicyContext context, List<string> into)
    {
    }
}
