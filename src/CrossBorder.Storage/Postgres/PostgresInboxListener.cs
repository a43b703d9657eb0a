using Npgsql;

namespace CrossBorder.Storage.Postgres;

/// <summary>
/// Listens on one connection for the inbox commits of every replica (<c>LISTEN</c> on
/// <see cref="Channel"/>; the inbox announces each new message with <c>pg_notify</c> in the
/// transaction that stores it, so the notification arrives only once it is committed). A lost
/// connection is opened again with a growing pause, and reopening counts as a commit: something may
/// have arrived while nobody listened, and a reader woken for nothing just looks again.
/// </summary>
internal sealed class PostgresInboxListener(NpgsqlDataSource dataSource, TimeProvider time) : IAsyncDisposable
{
    /// <summary>The notification channel of inbox commits.</summary>
    public const string Channel = "crossborder_inbox";

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Raised on the listener's thread for every commit announced, and after each reconnection.</summary>
    public event Action? Committed;

    /// <summary>Whether the listening connection is open now.</summary>
    public bool IsListening { get; private set; }

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, _) => Raise();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                IsListening = true;
                pause = FirstPause;
                Raise();
                while (true)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                IsListening = false;
                try
                {
                    await Task.Delay(pause, time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    private void Raise() => Committed?.Invoke();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
