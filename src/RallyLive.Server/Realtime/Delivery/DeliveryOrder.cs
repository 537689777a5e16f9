using System.Collections.Immutable;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// Puts one rally's batches back in the order its delivery numbered them. Orleans does not promise that two one-way
/// calls arrive in the order they were made, and a node may run two at once; each batch names the number just
/// before it, so a batch that arrives early waits for the one it follows. A batch that waits longer than
/// <see cref="MaxWait"/> is let through (the one before it is lost, or went to this node before it subscribed), and
/// so is a batch later than that (out of order rather than lost), and so is the first batch of a new activation of the delivery, which follows nothing.
/// </summary>
public sealed class DeliveryOrder(TimeProvider time, Action<ImmutableArray<NumberedEvent>> release)
{
    /// <summary>How long an early batch waits for the one before it.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly SortedDictionary<long, (ImmutableArray<NumberedEvent> Events, DateTimeOffset Since)> _early = [];
    private long? _last;

    /// <summary>
    /// Takes a batch that follows number <paramref name="after"/> (0: follows nothing) and releases every batch now
    /// ready, in order, while it holds the lock: two batches taken at once are released in their order too.
    /// </summary>
    public void Accept(long after, ImmutableArray<NumberedEvent> events)
    {
        lock (_early)
        {
            if (_last is not null && after != 0 && after != _last)
            {
                if (after > _last)
                {
                    _early[after] = (events, time.GetUtcNow());
                    Overdue();
                }
                else
                {
                    release(events); // later than MaxWait: out of order, but never lost
                }

                return;
            }

            Release(events);
        }
    }

    /// <summary>Releases early batches that have waited <see cref="MaxWait"/>, and whatever follows them; called on every batch and by a timer.</summary>
    public void Overdue()
    {
        lock (_early)
        {
            while (_early.Count > 0 && time.GetUtcNow() - _early.First().Value.Since >= MaxWait)
            {
                var (after, (events, _)) = _early.First();
                _early.Remove(after);
                Release(events);
            }
        }
    }

    /// <summary>The number of the last event released (0: none yet).</summary>
    public long Last
    {
        get
        {
            lock (_early)
            {
                return _last ?? 0;
            }
        }
    }

    /// <summary>Whether an early batch is waiting.</summary>
    public bool Waiting
    {
        get
        {
            lock (_early)
            {
                return _early.Count > 0;
            }
        }
    }

    /// <summary>Releases a batch, then every early batch that follows it.</summary>
    private void Release(ImmutableArray<NumberedEvent> events)
    {
        release(events);
        _last = events[^1].Sequence;
        while (_early.Remove(_last.Value, out var next))
        {
            release(next.Events);
            _last = next.Events[^1].Sequence;
        }
    }
}
