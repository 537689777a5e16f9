using System.Collections.Immutable;

namespace RallyLive.Grains.Streams;

/// <summary>
/// Sums taps by kind between ticks. Adding is O(1) per kind and taking a frame is O(kinds): the cost of a
/// tick does not depend on how many taps arrived.
/// </summary>
internal sealed class ReactionCounter(IReadOnlyList<string> kinds)
{
    private readonly Dictionary<string, int> _index = kinds.Select((kind, i) => (kind, i)).ToDictionary(p => p.kind, p => p.i, StringComparer.Ordinal);
    private readonly long[] _pending = new long[kinds.Count];
    private readonly long[] _totals = new long[kinds.Count];

    public bool HasPending { get; private set; }

    public bool TryIndex(string kind, out int index) => _index.TryGetValue(kind, out index);

    public void Add(int index, int count)
    {
        _pending[index] += count;
        _totals[index] += count;
        HasPending = true;
    }

    /// <summary>The counts since the last call, by kind (kinds with none left out), and resets them.</summary>
    public ImmutableDictionary<string, int> TakePending()
    {
        var frame = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] > 0)
            {
                frame[kinds[i]] = (int)Math.Min(_pending[i], int.MaxValue);
                _pending[i] = 0;
            }
        }

        HasPending = false;
        return frame.ToImmutable();
    }

    public ImmutableDictionary<string, long> Totals() =>
        kinds.Select((kind, i) => KeyValuePair.Create(kind, _totals[i])).ToImmutableDictionary(StringComparer.Ordinal);

    public void Restore(IReadOnlyDictionary<string, long> totals)
    {
        foreach (var (kind, total) in totals)
        {
            if (_index.TryGetValue(kind, out var i))
            {
                _totals[i] = total;
            }
        }
    }
}
