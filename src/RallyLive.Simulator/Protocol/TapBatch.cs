namespace RallyLive.Simulator.Protocol;

/// <summary>
/// A viewer's taps since their last <c>React</c> call, by reaction kind. The protocol wants one call per quarter second
/// carrying all of them, 1 to <see cref="MaxPerKind"/> of each kind; taps beyond that wait for the next batch. Thread-safe.
/// </summary>
public sealed class TapBatch
{
    /// <summary>Most taps of one kind a <c>React</c> call may carry (docs/protocol.md).</summary>
    public const int MaxPerKind = 50;

    private readonly Dictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Taps waiting, of every kind.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Values.Sum();
            }
        }
    }

    public void Add(string kind, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _pending[kind] = _pending.GetValueOrDefault(kind) + count;
        }
    }

    /// <summary>The next batch (empty when no taps wait): up to <see cref="MaxPerKind"/> of each kind; the rest stays.</summary>
    public Dictionary<string, int> Take()
    {
        lock (_lock)
        {
            var batch = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (kind, count) in _pending.ToList())
            {
                var taken = Math.Min(count, MaxPerKind);
                batch[kind] = taken;
                if (count == taken)
                {
                    _pending.Remove(kind);
                }
                else
                {
                    _pending[kind] = count - taken;
                }
            }

            return batch;
        }
    }

    /// <summary>Drops every waiting tap and returns how many there were (the connection is gone).</summary>
    public int Clear()
    {
        lock (_lock)
        {
            var count = _pending.Values.Sum();
            _pending.Clear();
            return count;
        }
    }
}
