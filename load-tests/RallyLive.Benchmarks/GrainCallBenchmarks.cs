using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RallyLive.Benchmarks.Grains;

namespace RallyLive.Benchmarks;

/// <summary>
/// The cost of one grain call on an active, idle grain in this process, next to the same method called
/// directly on a plain object. Every benchmark makes many awaited calls per invocation, and BenchmarkDotNet
/// divides by <c>OperationsPerInvoke</c>, so Mean and Allocated are per call.
/// </summary>
/// <remarks>
/// Not sealed: BenchmarkDotNet generates a runnable class that derives from this one.
/// </remarks>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    /// <summary>Awaited calls per invocation in the single-caller benchmarks.</summary>
    public const int CallsPerInvoke = 1_000;

    /// <summary>Awaited calls per invocation in <see cref="GrainCallConcurrent"/>, shared among its callers.</summary>
    public const int ConcurrentCallsPerInvoke = 64_000;

    private readonly IAdder _direct = new Adder();
    private IHost? _host;
    private IAdderGrain _grain = null!;
    private IAdderGrain[] _concurrentGrains = [];

    /// <summary>Starts a single-node Orleans silo in this process and activates every grain the benchmarks call.</summary>
    [GlobalSetup]
    public async Task StartAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(gatewayPort: 0));
        _host = builder.Build();
        await _host.StartAsync();

        var factory = _host.Services.GetRequiredService<IGrainFactory>();
        _grain = factory.GetGrain<IAdderGrain>(0);
        await _grain.Add(0);

        // Two callers per core, each on its own grain, so that callers do not queue behind one another.
        _concurrentGrains = new IAdderGrain[2 * Environment.ProcessorCount];
        for (var i = 0; i < _concurrentGrains.Length; i++)
        {
            _concurrentGrains[i] = factory.GetGrain<IAdderGrain>(i + 1);
            await _concurrentGrains[i].Add(0);
        }
    }

    /// <summary>Stops the silo: every grain deactivates.</summary>
    [GlobalCleanup]
    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
            _host = null;
        }
    }

    /// <summary>The baseline: <see cref="IAdder.Add"/> on a plain object, through its interface.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke)]
    public async ValueTask<int> DirectCall()
    {
        var total = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            total = await _direct.Add(1);
        }

        return total;
    }

    /// <summary>The same <see cref="ValueTask{TResult}"/> method through a grain reference, one caller.</summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public async ValueTask<int> GrainCall()
    {
        var total = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            total = await _grain.Add(1);
        }

        return total;
    }

    /// <summary>A <see cref="Task{TResult}"/> grain method, one caller.</summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public async ValueTask<int> GrainCallTask()
    {
        var total = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            total = await _grain.AddTask(1);
        }

        return total;
    }

    /// <summary>
    /// Throughput: two callers per core on the thread pool, each calling its own grain in a loop. Mean is wall
    /// time divided by all calls made, so 1e9 / Mean is calls per second across the machine.
    /// </summary>
    [Benchmark(OperationsPerInvoke = ConcurrentCallsPerInvoke)]
    public async Task<int> GrainCallConcurrent()
    {
        var grains = _concurrentGrains;
        var callers = new Task<int>[grains.Length];
        for (var c = 0; c < grains.Length; c++)
        {
            var grain = grains[c];
            var calls = (ConcurrentCallsPerInvoke / grains.Length) + (c < ConcurrentCallsPerInvoke % grains.Length ? 1 : 0);
            callers[c] = Task.Run(async () =>
            {
                var total = 0;
                for (var i = 0; i < calls; i++)
                {
                    total = await grain.Add(1);
                }

                return total;
            });
        }

        var totals = await Task.WhenAll(callers);
        return totals.Sum();
    }
}
