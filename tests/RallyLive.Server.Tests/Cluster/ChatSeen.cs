using System.Collections.Concurrent;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>The chat messages a viewer receives, with the delivery number each came with.</summary>
internal sealed class ChatSeen
{
    private readonly ConcurrentQueue<(long Sequence, string Id)> _seen = new();
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<(long Sequence, string Id)>> Done)> _waiters = [];

    public ChatSeen(ViewerHubClient viewer) => viewer.OnChatMessage((sequence, message) =>
    {
        _seen.Enqueue((sequence, message.Id));
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => _seen.Count >= w.Count))
            {
                waiter.Done.TrySetResult([.. _seen]);
            }
        }
    });

    public Task<IReadOnlyList<(long Sequence, string Id)>> WhenCount(int count)
    {
        var done = new TaskCompletionSource<IReadOnlyList<(long Sequence, string Id)>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((count, done));
            if (_seen.Count >= count)
            {
                done.TrySetResult([.. _seen]);
            }
        }

        return done.Task;
    }
}
