namespace CrossBorder.Testing;

/// <summary>
/// The one place tests wait on the real clock: for what a real server does in its own time (a
/// gateway starts, a message arrives, a process exits). Everything else takes a
/// <see cref="TimeProvider"/>, and unit tests a fake one; a wait here is a choice a reader sees.
/// </summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> has passed; returns whether it held.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (TimeProvider.System.GetElapsedTime(start) > limit)
            {
                return false;
            }

            await PauseAsync(interval);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> has passed; returns whether it held.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), limit, interval);
    }

    /// <summary>A pause between two looks at a real server.</summary>
    public static Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken = default) =>
        Task.Delay(interval, TimeProvider.System, cancellationToken);

    /// <summary>A token cancelled after <paramref name="limit"/> of real time: the bound on a call to a real server or process.</summary>
    public static CancellationTokenSource Within(TimeSpan limit) => new(limit, TimeProvider.System);
}
