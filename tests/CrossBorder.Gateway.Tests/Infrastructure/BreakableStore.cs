using System.Reflection;
using CrossBorder.Core.Storage;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// A real store behind a switch: while <see cref="Broken"/>, every call (or only those
/// <see cref="Breaks"/> names) fails as a lost disk does (an <see cref="IOException"/>),
/// otherwise it is passed through unchanged.
/// </summary>
public class BreakableStore : DispatchProxy
{
    private IMessageStore _inner = null!;

    public bool Broken { get; set; }

    /// <summary>Which methods fail while <see cref="Broken"/>: all unless set.</summary>
    public Func<MethodInfo, bool> Breaks { get; set; } = _ => true;

    /// <summary>Wraps <paramref name="inner"/>; the switch is the returned proxy's <see cref="Broken"/>.</summary>
    public static (IMessageStore Store, BreakableStore Switch) Wrap(IMessageStore inner)
    {
        var proxy = Create<IMessageStore, BreakableStore>();
        var breakable = (BreakableStore)(object)proxy;
        breakable._inner = inner;
        return (proxy, breakable);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (Broken && targetMethod.Name != nameof(IAsyncDisposable.DisposeAsync) && Breaks(targetMethod))
        {
            throw new IOException("the disk is gone");
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
