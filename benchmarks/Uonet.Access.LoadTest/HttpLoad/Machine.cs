using System.Globalization;

namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>What Linux says about the machine and a process: the load average and a process's peak resident memory.</summary>
internal static class Machine
{
    /// <summary>The 1-minute load average (<c>/proc/loadavg</c>): runnable tasks, this run's client and servers included.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>The peak resident set size of a process so far (<c>VmHWM</c> of <c>/proc/{pid}/status</c>), in bytes.</summary>
    public static long PeakWorkingSetBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
    }
}
