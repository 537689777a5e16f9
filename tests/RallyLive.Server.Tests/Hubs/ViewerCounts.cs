namespace RallyLive.Server.Tests.Hubs;

/// <summary>The viewer counts a stream's frames carry, awaited as they arrive.</summary>
internal sealed class ViewerCounts
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Seen)> _waiting = [];
    private int _latest = -1;

    public ViewerCounts(ViewerHubClient viewer) => viewer.OnReactionBurst((_, frame) => Saw(frame.Viewers));

    public Task Reached(int count)
    {
        lock (_gate)
        {
            if (_latest == count)
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((count, seen));
            return seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private void Saw(int count)
    {
        lock (_gate)
        {
            _latest = count;
            foreach (var waiter in _waiting.Where(w => w.Count == count).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiting.Remove(waiter);
            }
        }
    }
}
