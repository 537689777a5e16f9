using System.Collections.Immutable;
using System.Globalization;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Speakers;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Sentiment;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Sentiment;

/// <summary>
/// Frames accumulate into open buckets for their second. The first frame of a later second seals every
/// earlier bucket: it gets its index, energy and segment, is stored as a record and broadcast. A segment
/// change seals everything open first, so each second belongs to the segment it happened in. A sealed
/// second never reopens: a frame that arrives after its second was sealed counts in the next second, so
/// totals stay exact and no stored bucket is overwritten. When the crowd goes quiet, a timer seals what is left
/// once its second is more than a second old, so the last seconds of activity still reach the dashboard.
/// </summary>
public sealed class CrowdSentimentGrain(
    [PersistentState("sentiment")] IPersistentState<CrowdSentimentState> sentiment,
    [PersistentRecords("timeline")] IPersistentRecords<SentimentBucket> timeline,
    IRallyBroadcaster broadcaster,
    TimeProvider time) : Grain, ICrowdSentimentGrain
{
    private const string RallyStream = "~rally";
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(10);

    private readonly SortedDictionary<(long Second, string Stream), OpenBucket> _open = [];
    private readonly LinkedList<SentimentBucket> _recent = new();
    private SegmentTotals _segment = new();
    private long _sealedThrough = long.MinValue;
    private IGrainTimer? _quietSealer;

    private string RallyId => this.GetPrimaryKeyString();

    /// <summary>Each reaction kind's valence, as the rally handed them over.</summary>
    private ImmutableDictionary<string, double> Valences => sentiment.State.Valences;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await timeline.ReadLastAsync(1) is [var last])
        {
            _sealedThrough = last.Value.Second.ToUnixTimeSeconds();
        }

        // Rebuild the current segment's totals from the buckets it has stored so far.
        if (sentiment.State.Segment is { SegmentIndex: not null } segment)
        {
            var since = Key(segment.At.ToUnixTimeSeconds() - 1, RallyStream);
            foreach (var (_, bucket) in await timeline.ReadAsync(afterKey: since))
            {
                if (bucket.StreamId is null && bucket.SegmentIndex == segment.SegmentIndex)
                {
                    _segment.Add(bucket);
                }
            }
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        SealBeforeAsync(long.MaxValue);

    public async ValueTask Open(ImmutableArray<ReactionKind> palette)
    {
        sentiment.State.Valences = (palette.IsDefault ? [] : palette).ToImmutableDictionary(k => k.Name, k => k.Valence, StringComparer.Ordinal);
        await sentiment.WriteStateAsync();
    }

    public async ValueTask Record(StreamFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var second = Math.Max(frame.At.ToUnixTimeSeconds(), _sealedThrough + 1);
        await SealBeforeAsync(second);
        var latest = Math.Max(second, _open.Count == 0 ? second : _open.Keys.Max(k => k.Second));
        Bucket(latest, frame.StreamId).Add(frame, viewersOfStream: true);
        Bucket(latest, RallyStream).Add(frame, viewersOfStream: false);
        _quietSealer ??= this.RegisterGrainTimer(SealQuietSecondsAsync, Second, Second);
    }

    public async ValueTask SegmentChanged(SegmentAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        await SealBeforeAsync(long.MaxValue);
        var ended = sentiment.State.Segment;
        sentiment.State.Segment = attribution;
        await sentiment.WriteStateAsync();
        if (ended is { SegmentIndex: { } index, SpeakerId: { } speakerId })
        {
            var summary = _segment.Summary(RallyId, index, ended.SegmentTitle ?? string.Empty, ended.At, attribution.At, Valences);
            await GrainFactory.GetGrain<ISpeakerGrain>(speakerId).RecordSegment(summary);
        }

        _segment = new SegmentTotals();
    }

    public async ValueTask<IReadOnlyList<SentimentBucket>> GetTimeline(string? streamId) =>
        [.. (await timeline.ReadAsync()).Select(r => r.Value).Where(b => b.StreamId == streamId)];

    public ValueTask<IReadOnlyList<SentimentBucket>> GetRecent(TimeSpan window)
    {
        var since = _recent.Last?.Value.Second - window;
        return ValueTask.FromResult<IReadOnlyList<SentimentBucket>>([.. _recent.Where(b => b.Second > since)]);
    }

    /// <summary>Seals seconds that ended over a second ago and no later frame has sealed; stops once nothing is open.</summary>
    private async Task SealQuietSecondsAsync(CancellationToken cancellationToken)
    {
        if (_open.Count == 0)
        {
            _quietSealer?.Dispose();
            _quietSealer = null;
            return;
        }

        await SealBeforeAsync(time.GetUtcNow().ToUnixTimeSeconds() - 1);
    }

    private OpenBucket Bucket(long second, string stream)
    {
        if (!_open.TryGetValue((second, stream), out var bucket))
        {
            _open[(second, stream)] = bucket = new OpenBucket();
        }

        return bucket;
    }

    private async Task SealBeforeAsync(long second)
    {
        var due = _open.Where(b => b.Key.Second < second).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var segment = sentiment.State.Segment;
        var sealedBuckets = new List<SentimentBucket>(due.Count);
        foreach (var ((bucketSecond, stream), open) in due)
        {
            var viewers = stream == RallyStream
                ? due.Where(d => d.Key.Second == bucketSecond && d.Key.Stream != RallyStream).Sum(d => d.Value.Viewers)
                : open.Viewers;
            _sealedThrough = Math.Max(_sealedThrough, bucketSecond);
            sealedBuckets.Add(open.Seal(DateTimeOffset.FromUnixTimeSeconds(bucketSecond), stream == RallyStream ? null : stream, viewers,
                Valences, segment?.SegmentIndex, segment?.SpeakerId));
            _open.Remove((bucketSecond, stream));
        }

        await Task.WhenAll(sealedBuckets.Select(b => timeline.WriteAsync(Key(b.Second.ToUnixTimeSeconds(), b.StreamId ?? RallyStream), b)));
        foreach (var bucket in sealedBuckets)
        {
            Remember(bucket);
            if (bucket.StreamId is null)
            {
                _segment.Add(bucket);
            }
        }

        broadcaster.Publish(new SentimentSealed(RallyId, [.. sealedBuckets]));
    }

    private void Remember(SentimentBucket bucket)
    {
        _recent.AddLast(bucket);
        while (_recent.First is { } oldest && bucket.Second - oldest.Value.Second > RecentWindow)
        {
            _recent.RemoveFirst();
        }
    }

    /// <summary>Second first, so that key order is time order.</summary>
    private static string Key(long unixSecond, string stream) => $"{unixSecond.ToString("D12", CultureInfo.InvariantCulture)}/{stream}";

    /// <summary>What has arrived for one second of one stream (or the rally) so far.</summary>
    private sealed class OpenBucket
    {
        private ImmutableDictionary<string, int> _reactions = ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);
        private int _chatMessages;
        private double _chatSentimentSum;

        public int Viewers { get; private set; }

        public void Add(StreamFrame frame, bool viewersOfStream)
        {
            _reactions = SentimentMath.Add(_reactions, frame.Reactions);
            _chatMessages += frame.ChatMessages;
            _chatSentimentSum += frame.ChatSentimentSum;
            if (viewersOfStream)
            {
                Viewers = Math.Max(Viewers, frame.Viewers);
            }
        }

        public SentimentBucket Seal(DateTimeOffset second, string? streamId, int viewers, ImmutableDictionary<string, double> valences, int? segment, string? speakerId) =>
            new(second, streamId, _reactions, _chatMessages, _chatSentimentSum, viewers,
                SentimentMath.Index(_reactions, valences, _chatMessages, _chatSentimentSum),
                SentimentMath.Energy(_reactions, viewers, Second),
                segment, speakerId);
    }

    /// <summary>The crowd over the current segment, from its rally buckets.</summary>
    private sealed class SegmentTotals
    {
        private ImmutableDictionary<string, int> _reactions = ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);
        private long _chatMessages;
        private double _chatSentimentSum;
        private double _peakEnergy;

        public void Add(SentimentBucket bucket)
        {
            _reactions = SentimentMath.Add(_reactions, bucket.Reactions);
            _chatMessages += bucket.ChatMessages;
            _chatSentimentSum += bucket.ChatSentimentSum;
            _peakEnergy = Math.Max(_peakEnergy, bucket.Energy);
        }

        public SegmentSummary Summary(string rallyId, int index, string title, DateTimeOffset start, DateTimeOffset end, ImmutableDictionary<string, double> valences) =>
            new(rallyId, index, title, start, end, _reactions.ToImmutableDictionary(r => r.Key, r => (long)r.Value, StringComparer.Ordinal),
                _chatMessages, SentimentMath.Index(_reactions, valences, (int)Math.Min(_chatMessages, int.MaxValue), _chatSentimentSum), _peakEnergy);
    }
}

/// <summary>Which segment the crowd is reacting to; the timeline itself is records.</summary>
public sealed class CrowdSentimentState
{
    public SegmentAttribution? Segment { get; set; }

    /// <summary>Each reaction kind's valence, handed over by the rally when it was created.</summary>
    public ImmutableDictionary<string, double> Valences { get; set; } = ImmutableDictionary<string, double>.Empty;
}
