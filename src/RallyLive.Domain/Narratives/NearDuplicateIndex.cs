namespace RallyLive.Domain.Narratives;

/// <summary>
/// Locality-sensitive hashing over MinHash signatures: each signature is cut into <see cref="MinHashOptions.Bands"/>
/// bands and filed under each band's hash, so that a query looks at one bucket per band instead of every entry.
/// Candidates are then checked with the estimated Jaccard similarity.
/// Memory is bounded two ways: entries leave in insertion order through <see cref="EvictOlderThan"/> (the detector keeps
/// only its cluster window), and a bucket keeps only its <c>maximumBucketSize</c> newest keys; when a slogan is posted
/// hundreds of times, a match with any recent copy is as good as one with the oldest. Not thread-safe.
/// </summary>
public sealed class NearDuplicateIndex
{
    private readonly MinHashOptions _options;
    private readonly int _maximumBucketSize;
    private readonly Dictionary<(int Band, ulong Hash), LinkedList<long>> _buckets = [];
    private readonly Dictionary<long, Entry> _entries = [];
    private readonly Queue<long> _insertionOrder = new();

    /// <summary>Creates an empty index for signatures of the family described by <paramref name="options"/>.</summary>
    public NearDuplicateIndex(MinHashOptions options, int maximumBucketSize = 32)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumBucketSize, 1);
        _options = options;
        _maximumBucketSize = maximumBucketSize;
    }

    /// <summary>Entries currently indexed.</summary>
    public int Count => _entries.Count;

    /// <summary>Buckets currently allocated (at most bands x entries).</summary>
    public int BucketCount => _buckets.Count;

    /// <summary>Indexes a signature under a new key, at a time used only by <see cref="EvictOlderThan"/>.</summary>
    /// <exception cref="ArgumentException">The key is already indexed, or the signature is of another length.</exception>
    public void Add(long key, MinHashSignature signature, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Values.Length != _options.SignatureLength)
        {
            throw new ArgumentException($"Expected a signature of {_options.SignatureLength} values.", nameof(signature));
        }

        if (!_entries.TryAdd(key, new Entry(signature, at)))
        {
            throw new ArgumentException($"Key {key} is already indexed.", nameof(key));
        }

        _insertionOrder.Enqueue(key);
        for (var band = 0; band < _options.Bands; band++)
        {
            var bucketKey = (band, BandHash(signature, band));
            if (!_buckets.TryGetValue(bucketKey, out var bucket))
            {
                _buckets[bucketKey] = bucket = new LinkedList<long>();
            }

            bucket.AddLast(key);
            if (bucket.Count > _maximumBucketSize)
            {
                bucket.RemoveFirst();
            }
        }
    }

    /// <summary>
    /// Indexed entries whose estimated similarity to <paramref name="signature"/> is at least
    /// <paramref name="minimumSimilarity"/>, most similar first (ties: the most recently added first).
    /// </summary>
    public IReadOnlyList<NearDuplicateMatch> FindSimilar(MinHashSignature signature, double minimumSimilarity)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var seen = new HashSet<long>();
        var matches = new List<NearDuplicateMatch>();
        for (var band = 0; band < _options.Bands; band++)
        {
            if (!_buckets.TryGetValue((band, BandHash(signature, band)), out var bucket))
            {
                continue;
            }

            foreach (var key in bucket)
            {
                if (seen.Add(key) && MinHash.EstimateJaccard(signature, _entries[key].Signature) is var similarity && similarity >= minimumSimilarity)
                {
                    matches.Add(new NearDuplicateMatch(key, similarity));
                }
            }
        }

        matches.Sort((x, y) => x.Similarity != y.Similarity ? y.Similarity.CompareTo(x.Similarity) : y.Key.CompareTo(x.Key));
        return matches;
    }

    /// <summary>Removes every entry added at a time before <paramref name="cutoff"/>, oldest first; returns how many.</summary>
    public int EvictOlderThan(DateTimeOffset cutoff)
    {
        var evicted = 0;
        while (_insertionOrder.TryPeek(out var key) && _entries[key].At < cutoff)
        {
            _insertionOrder.Dequeue();
            var signature = _entries[key].Signature;
            _entries.Remove(key);
            for (var band = 0; band < _options.Bands; band++)
            {
                var bucketKey = (band, BandHash(signature, band));
                if (_buckets.TryGetValue(bucketKey, out var bucket) && bucket.Remove(key) && bucket.Count == 0)
                {
                    _buckets.Remove(bucketKey);
                }
            }

            evicted++;
        }

        return evicted;
    }

    /// <summary>FNV-style hash of one band's rows, mixed with the band number so that equal rows in different bands differ.</summary>
    private ulong BandHash(MinHashSignature signature, int band)
    {
        var hash = 14695981039346656037UL ^ (ulong)band;
        var start = band * _options.RowsPerBand;
        for (var row = start; row < start + _options.RowsPerBand; row++)
        {
            hash = (hash ^ signature.Values[row]) * 1099511628211UL;
        }

        return MinHash.Mix(hash);
    }

    private sealed record Entry(MinHashSignature Signature, DateTimeOffset At);
}
