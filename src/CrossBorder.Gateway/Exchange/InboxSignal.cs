namespace CrossBorder.Gateway.Exchange;

/// <summary>Wakes inbox readers that wait for a message when one is committed.</summary>
internal sealed class InboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next commit.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Tells the waiting readers that a message arrived.</summary>
    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
