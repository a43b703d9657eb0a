using Microsoft.Extensions.Hosting;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// The two faces of a gateway share one process; signals are handled once, by whoever owns the
/// process (the CLI), which stops both faces in order. Each face must not react on its own.
/// </summary>
internal sealed class ProcessOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
