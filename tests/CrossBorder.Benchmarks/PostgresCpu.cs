using System.Globalization;
using System.Runtime.InteropServices;

namespace CrossBorder.Benchmarks;

/// <summary>
/// The processor time of one PostgreSQL server, which runs outside the bench's process: its
/// postmaster's own and that of every process it started (backends, WAL writer, checkpointer,
/// ...), from <c>/proc/PID/stat</c>. A child that has ended counts in its parent's children's
/// time once reaped, so closed connections are not lost. Other servers on the machine (other
/// postmasters) are not counted.
/// </summary>
internal sealed partial class PostgresCpu
{
    /// <summary>sysconf's name for the clock ticks per second /proc counts in.</summary>
    private const int ClockTicksName = 2;

    private readonly int _postmaster;
    private readonly double _ticksPerSecond;

    private PostgresCpu(int postmaster, double ticksPerSecond)
    {
        _postmaster = postmaster;
        _ticksPerSecond = ticksPerSecond;
    }

    /// <summary>The server whose data folder is <paramref name="dataDirectory"/>: its postmaster is the first line of <c>postmaster.pid</c>.</summary>
    public static PostgresCpu Of(string dataDirectory)
    {
        var first = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First();
        var ticks = SystemConfiguration(ClockTicksName);
        if (ticks <= 0)
        {
            throw new InvalidOperationException("the clock ticks per second of /proc are unknown");
        }

        return new PostgresCpu(int.Parse(first, NumberStyles.None, CultureInfo.InvariantCulture), ticks);
    }

    /// <summary>The server's processor time so far (user and system, all its processes).</summary>
    public TimeSpan Total()
    {
        var ticks = Ticks(_postmaster)?.Total ?? throw new InvalidOperationException("the PostgreSQL server is not running");
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != _postmaster
                && Ticks(pid) is { } child
                && child.Parent == _postmaster)
            {
                ticks += child.Total;
            }
        }

        return TimeSpan.FromSeconds(ticks / _ticksPerSecond);
    }

    /// <summary>A process's parent and its own plus its reaped children's user and system ticks; null when it has gone.</summary>
    private static (int Parent, long Total)? Ticks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // pid (comm) state ppid ... utime stime cutime cstime: comm may hold spaces and parentheses, so count after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], NumberStyles.None, CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15) + Field(16) + Field(17));
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SystemConfiguration(int name);
}
