using System.Collections.Concurrent;

namespace RallyLive.Grains.Runtime.Tests.Grains;

/// <summary>
/// The test's window into its grains: grains record what they do here, wait on gates the test opens, and
/// report how many of their turns overlapped. Keys are grain keys, unique per test.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _logs = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentDictionary<string, (int Inside, int MaxInside)> _overlap = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Record(string key, string entry)
    {
        _logs.GetOrAdd(key, _ => new()).Enqueue(entry);
        Signal(key + "#" + entry).TrySetResult();
    }

    public IReadOnlyList<string> Log(string key) => _logs.TryGetValue(key, out var log) ? [.. log] : [];

    /// <summary>Completes when the grain has recorded <paramref name="entry"/>; fails the test after 10 seconds of real time.</summary>
    public Task Recorded(string key, string entry) => Signal(key + "#" + entry).Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>What a grain awaits until the test calls <see cref="Open"/>.</summary>
    public Task Gate(string key, string name) => Signal(key + "!" + name).Task;

    public void Open(string key, string name) => Signal(key + "!" + name).TrySetResult();

    public void Enter(string key) => _overlap.AddOrUpdate(key, (1, 1), (_, o) => (o.Inside + 1, Math.Max(o.MaxInside, o.Inside + 1)));

    public void Exit(string key) => _overlap.AddOrUpdate(key, (0, 0), (_, o) => (o.Inside - 1, o.MaxInside));

    /// <summary>The most turns of grain <paramref name="key"/> that were ever in progress at the same moment.</summary>
    public int MaxOverlap(string key) => _overlap.TryGetValue(key, out var o) ? o.MaxInside : 0;

    public int Increment(string counter) => _counts.AddOrUpdate(counter, 1, (_, n) => n + 1);

    public int Count(string counter) => _counts.GetValueOrDefault(counter);

    private TaskCompletionSource Signal(string name) =>
        _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
