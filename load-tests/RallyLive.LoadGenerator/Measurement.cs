using System.Diagnostics;

namespace RallyLive.LoadGenerator;

/// <summary>A window of a run: the target's and the generator's CPU time and messages delivered between its start and its end.</summary>
internal sealed class Measurement
{
    private static readonly ProcessSampler Generator = new(Environment.ProcessId);

    private readonly Target _target;
    private readonly LoadTotals _totals;
    private readonly double _cpuAtStart;
    private readonly double _generatorCpuAtStart = Generator.CpuSeconds();
    private readonly long _deliveredAtStart;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    public Measurement(Target target, LoadTotals totals)
    {
        (_target, _totals) = (target, totals);
        _cpuAtStart = target.Process.CpuSeconds();
        _deliveredAtStart = totals.DeliveredCount;
    }

    public double Seconds => Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;

    public double CpuSeconds => _target.Process.CpuSeconds() - _cpuAtStart;

    /// <summary>CPU time of the generator itself (its clients share the machine with the target).</summary>
    public double GeneratorCpuSeconds => Generator.CpuSeconds() - _generatorCpuAtStart;

    public long Delivered => _totals.DeliveredCount - _deliveredAtStart;
}

/// <summary>The figures of one scenario (or one step of it) against one target.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    string Target,
    int Connections,
    double Seconds,
    long Delivered,
    double ServerCpuSeconds,
    double MemoryPerConnectionKiB,
    string LatencyKind,
    LatencySummary Latency,
    long Lost,
    long Duplicated,
    long Errors,
    string Note)
{
    public double DeliveredPerCpuSecond => ServerCpuSeconds > 0 ? Delivered / ServerCpuSeconds : 0;

    public double CpuPerSecond => Seconds > 0 ? ServerCpuSeconds / Seconds : 0;

    /// <summary>Node's @microsoft/signalr clients' own probe latency in the same window, when they ran.</summary>
    public LatencySummary? NodeLatency { get; init; }

    /// <summary>Frame delivery latency (from the frame's tick to the viewer), when frames were measured.</summary>
    public LatencySummary? FrameLatency { get; init; }

    /// <summary>Marginal server memory of the connections added by this step (RSS growth over connections added).</summary>
    public double MarginalMemoryPerConnectionKiB { get; init; }

    /// <summary>The scenario's rate in its own unit (reactions, votes, messages or connections per second).</summary>
    public double Rate { get; init; }

    /// <summary>CPU time the generator used in the same window, for its cost beside the target's on a shared machine.</summary>
    public double GeneratorCpuSeconds { get; init; }

    public double GeneratorCpuPerSecond => Seconds > 0 ? GeneratorCpuSeconds / Seconds : 0;
}
