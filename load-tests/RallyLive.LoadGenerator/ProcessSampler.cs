using System.Globalization;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Reads other processes' CPU time and resident memory from /proc, so the server is measured from outside; a
/// cluster's nodes are measured together (their sums).
/// </summary>
internal sealed class ProcessSampler(params int[] pids)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The first process's id (the only one, but for a cluster).</summary>
    public int Pid { get; } = pids[0];

    /// <summary>User plus system CPU seconds the processes have used so far.</summary>
    public double CpuSeconds() => pids.Sum(CpuSeconds);

    /// <summary>Resident set size in bytes, over the processes.</summary>
    public long ResidentBytes() => pids.Sum(ResidentBytes);

    private static double CpuSeconds(int pid)
    {
        var stat = Read(pid, () => File.ReadAllText($"/proc/{pid}/stat"));
        // Fields after the command name (which may hold spaces, inside parentheses): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in Read(pid, () => File.ReadAllLines($"/proc/{pid}/status")))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>Reads a process's file in /proc; a process that has gone (the target crashed or was stopped) is said so by name.</summary>
    private static T Read<T>(int pid, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is DirectoryNotFoundException or FileNotFoundException)
        {
            throw new MeasuredProcessGoneException(pid, exception);
        }
    }

    /// <summary>The machine's one-minute load average.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}

/// <summary>A process the generator measures is no longer running: the run cannot go on measuring it.</summary>
internal sealed class MeasuredProcessGoneException(int pid, Exception inner)
    : Exception($"Process {pid}, which this run measures, is no longer running (did the target crash or stop?).", inner)
{
    public int Pid { get; } = pid;
}
