using System.Runtime.InteropServices;

namespace RallyLive.LoadGenerator;

/// <summary>Raises this process's limit of open files (RLIMIT_NOFILE) for tens of thousands of sockets.</summary>
internal static partial class FileLimits
{
    private const int ResourceOpenFiles = 7; // RLIMIT_NOFILE on Linux

    /// <summary>Raises the soft limit to <paramref name="wanted"/> (and the hard limit too where allowed, as root); returns the soft limit now in force.</summary>
    public static ulong Raise(ulong wanted)
    {
        if (!OperatingSystem.IsLinux() || GetLimit(ResourceOpenFiles, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Current >= wanted)
        {
            return limit.Current;
        }

        var raised = new ResourceLimit { Current = wanted, Maximum = Math.Max(wanted, limit.Maximum) };
        if (SetLimit(ResourceOpenFiles, in raised) != 0)
        {
            // Not root: go as far as the hard limit allows.
            raised = new ResourceLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            _ = SetLimit(ResourceOpenFiles, in raised);
        }

        return GetLimit(ResourceOpenFiles, out limit) == 0 ? limit.Current : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetLimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, in ResourceLimit limit);
}
