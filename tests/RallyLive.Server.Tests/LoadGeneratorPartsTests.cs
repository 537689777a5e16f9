using System.Diagnostics;
using RallyLive.LoadGenerator;

namespace RallyLive.Server.Tests;

/// <summary>The load generator's own measuring parts: the latency histogram and its slices, the fixed-rate schedule, the memory slope and the process sampler.</summary>
public sealed class LoadGeneratorPartsTests
{
    [Fact]
    public void LatencyRecorder_GivesPercentilesInMilliseconds_WithinItsPrecision()
    {
        var recorder = new LatencyRecorder();
        for (var ms = 1; ms <= 1_000; ms++)
        {
            recorder.RecordMicroseconds(ms * 1_000L);
        }

        Assert.Equal(1_000, recorder.Count);
        Assert.InRange(recorder.PercentileMs(50), 499.5, 500.5);
        Assert.InRange(recorder.PercentileMs(99), 989.5, 990.5);
        Assert.InRange(recorder.MaxMs, 999.5, 1_000.5);
        Assert.Equal(LatencySummary.None, new LatencyRecorder().Summary());
    }

    [Fact]
    public async Task LatencyRecorder_ReadWhileThreadsRecord_NeitherThrowsNorLosesAValue()
    {
        const int writers = 4, perWriter = 200_000;
        var recorder = new LatencyRecorder();
        using var done = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            do
            {
                _ = recorder.Summary();
                _ = recorder.MaxMs;
                reads++;
            }
            while (!done.IsCancellationRequested);
        });

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                recorder.RecordMicroseconds(1 + (i % 5_000));
            }
        })));
        await done.CancelAsync();
        await reader;

        Assert.Equal(writers * perWriter, recorder.Count);
        Assert.InRange(recorder.MaxMs, 4.99, 5.01);
    }

    [Fact]
    public void LatencyRecorder_MeasuresFromTheScheduledTime_NotFromNow()
    {
        var recorder = new LatencyRecorder();
        var scheduled = Stopwatch.GetTimestamp() - Stopwatch.Frequency; // a send that was due a second ago

        recorder.RecordSince(scheduled);

        Assert.True(recorder.PercentileMs(50) >= 1_000);
    }

    [Fact]
    public void LatencySlices_KeepEachLatencyInTheSliceItWasDueIn_TheLastTakingWhatComesAfter()
    {
        var start = Stopwatch.GetTimestamp();
        var slices = new LatencySlices(start, TimeSpan.FromSeconds(10), count: 2);

        slices.Record(start + Stopwatch.Frequency * 3, 100_000);       // due 3 s in: the first slice
        slices.Record(start + Stopwatch.Frequency * 12, 200_000);      // 12 s in: the second
        slices.Record(start + Stopwatch.Frequency * 40, 300_000);      // past the last slice's end: still the last
        slices.Record(start - Stopwatch.Frequency, 900_000);           // due before the window: none

        var summaries = slices.Summaries();
        Assert.Equal([1L, 2L], summaries.Select(s => s.Count));
        Assert.InRange(summaries[0].MaxMs, 99.9, 100.1);
        Assert.InRange(summaries[1].P50Ms, 199.9, 200.1);
        Assert.InRange(summaries[1].MaxMs, 299.9, 300.1);
    }

    [Fact]
    public void LatencyRecorder_ValuesAddedToAnother_GiveTheSamePercentilesAsOneRecorder()
    {
        // How a crowd held by several processes is measured: each worker's values are added to the coordinator's.
        var (worker, coordinator, together) = (new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder());
        for (var us = 1; us <= 100_000; us += 7)
        {
            (us % 3 == 0 ? worker : coordinator).RecordMicroseconds(us);
            together.RecordMicroseconds(us);
        }

        coordinator.Add(worker.Values());

        Assert.Equal(together.Summary(), coordinator.Summary());
        Assert.True(worker.Count > 0);
    }

    [Fact]
    public async Task ArrivalSchedule_FromAGivenStart_FiresAtTheTimesAnotherProcessCanWorkOut()
    {
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var fired = new List<long>();

        await ArrivalSchedule.RunAsync(start, 40, TimeSpan.FromSeconds(0.25), (scheduled, _) => fired.Add(scheduled));

        Assert.Equal(Enumerable.Range(0, 10).Select(k => start + (long)(k * ArrivalSchedule.Interval(40))), fired);
    }

    [Fact]
    public async Task ArrivalSchedule_FiresEveryEvent_AtEvenlySpacedScheduledTimes()
    {
        var fired = new List<(long Scheduled, long Index)>();

        await ArrivalSchedule.RunAsync(100, TimeSpan.FromSeconds(0.5), (scheduled, k) => fired.Add((scheduled, k)));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), fired.Select(f => f.Index));
        var interval = Stopwatch.Frequency / 100.0;
        Assert.All(fired, f => Assert.InRange(f.Scheduled - fired[0].Scheduled, (long)(f.Index * interval) - 1, (long)(f.Index * interval) + 1));
    }

    [Fact]
    public void MemorySlope_IsTheLeastSquaresLine()
    {
        Assert.Equal(12.0, Soak.Slope([(0, 100), (0.5, 106), (1, 112)]), 6);
        Assert.Equal(0.0, Soak.Slope([(1, 5)]));
    }

    [Fact]
    public async Task ProcessSampler_ReadsARunningProcess_AndNamesOneThatHasGone()
    {
        Assert.True(new ProcessSampler(Environment.ProcessId).ResidentBytes() > 0);

        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        var sampler = new ProcessSampler(Environment.ProcessId, process.Id);

        var gone = Assert.Throws<MeasuredProcessGoneException>(() => sampler.CpuSeconds());
        Assert.Equal(process.Id, gone.Pid);
        Assert.Contains($"Process {process.Id}", gone.Message, StringComparison.Ordinal);
        Assert.Equal(process.Id, Assert.Throws<MeasuredProcessGoneException>(() => sampler.ResidentBytes()).Pid);
    }
}
