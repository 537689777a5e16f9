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
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces, inside parentheses): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>The machine's one-minute load average.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
