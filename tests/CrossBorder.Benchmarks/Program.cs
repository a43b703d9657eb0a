using CrossBorder.Benchmarks;
using CrossBorder.Cli.DevPki;
using CrossBorder.Testing.Postgres;

// `make bench`: every figure comes from this one run on this machine; compare ratios, not absolute numbers.
var round = TimeSpan.FromSeconds(args.Length > 0 && double.TryParse(args[0], out var seconds) ? seconds : 1.0);
if (args.Contains("policy"))
{
    // `policy` alone: only the minimization figures (validation included) beside parse+serialize.
    foreach (var line in PolicyBench.Run(round))
    {
        Console.WriteLine(line);
    }

    return;
}

var directory = Directory.CreateTempSubdirectory("crossborder-bench-");
try
{
    // Ports free now: the exchange bench runs real gateways, which find each other through the trust list's endpoints.
    new DevFederationBuilder(new DevFederationLayout(directory.FullName), TimeProvider.System, FreePorts.BasePort()).Build();
    Console.WriteLine($"bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, rounds of {round.TotalSeconds:0.#} s, median of 3");
    if (args.Contains("flood"))
    {
        // `flood` alone: only the flood figures (a quick look at the memory bound).
        await FloodBench.RunAsync(new DevFederationLayout(directory.FullName), directory.CreateSubdirectory("flood-data").FullName, Console.WriteLine);
        return;
    }

    if (args.Contains("read"))
    {
        // `read` alone: the exchange with and without the inbox read, beside the crypto floor.
        await ExchangeBench.RunReadAsync(directory.FullName, round, Console.WriteLine);
        return;
    }

    if (args.Contains("postgres"))
    {
        // `postgres` alone: the exchange on PostgreSQL (one and two replicas) beside SQLite and the crypto floor.
        await using var server = await PostgresServer.StartAsync();
        await ExchangeBench.RunPostgresAsync(directory.FullName, server, round, Console.WriteLine);
        return;
    }

    if (args.Contains("handshake"))
    {
        // `handshake` alone: only the handshake figures (normal client chain against a bag of certificates).
        foreach (var line in await HandshakeBench.RunAsync(directory.FullName, round))
        {
            Console.WriteLine(line);
        }

        return;
    }

    // The exchange's PostgreSQL figures need Debian's postgresql: a missing server stops the run now, naming the package, not after minutes of figures.
    await using var postgres = await PostgresServer.StartAsync();
    foreach (var line in EnvelopeBench.Run(directory.FullName, round))
    {
        Console.WriteLine(line);
    }

    foreach (var line in PolicyBench.Run(round))
    {
        Console.WriteLine(line);
    }

    foreach (var line in await HandshakeBench.RunAsync(directory.FullName, round))
    {
        Console.WriteLine(line);
    }

    await ExchangeBench.RunAsync(directory.FullName, postgres, round, Console.WriteLine);
    await FloodBench.RunAsync(new DevFederationLayout(directory.FullName), directory.CreateSubdirectory("flood-data").FullName, Console.WriteLine);
}
finally
{
    directory.Delete(recursive: true);
}
