namespace RallyLive.Domain.Narratives;

/// <summary>
/// The counter-narrative detector of one rally: fed every accepted chat message, it surfaces coordinated narratives
/// (near-duplicate slogans, paraphrased talking points, raids, opposing sentiment surges) as items an organiser can
/// answer. It only surfaces: it never hides, blocks or rates a message, since dissent is not abuse.
/// Pure and synchronous: no clock (time comes from observations and <see cref="Tick"/>), no I/O, not thread-safe, so
/// that one grain activation can own one instance. Memory is bounded by the windows in
/// <see cref="NarrativeDetectionOptions"/>, whatever the length of the rally (see <see cref="Footprint"/>).
/// </summary>
public sealed class NarrativeDetector
{
    private readonly NarrativeDetectionOptions _options;
    private readonly TextClustering _text;
    private readonly RaidDetector _raids;
    private readonly SentimentSurgeDetector _surges;
    private readonly ViewerActivity _viewers;
    private readonly List<NarrativeState> _active = [];
    private readonly Dictionary<string, NarrativeState> _raidNarratives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NarrativeState> _surgeNarratives = new(StringComparer.Ordinal);
    private DateTimeOffset _now = DateTimeOffset.MinValue;
    private int _narrativeCount;

    /// <summary>Creates a detector with no history.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold or window is out of its range.</exception>
    public NarrativeDetector(NarrativeDetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Normalizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumDistinctViewers, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumContentWords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumContentWords, options.MinimumContentWords);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClusterWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TrendWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ThemeBaselineTimeConstant, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NarrativeIdleExpiry, options.ClusterWindow);
        if (options.NearDuplicateSimilarity is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.NearDuplicateSimilarity, "NearDuplicateSimilarity must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.ViewerMemory, options.ClusterWindow);
        if (options.MinimumDedicatedShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumDedicatedShare, "MinimumDedicatedShare must be in [0, 1].");
        }

        _options = options;
        _viewers = new ViewerActivity(options.ViewerMemory);
        _text = new TextClustering(options, _viewers, kind => Create(kind, raidId: null, streamId: null));
        _raids = new RaidDetector(options.Raid);
        _surges = new SentimentSurgeDetector(options.Surge);
    }

    /// <summary>Snapshots of the narratives not yet expired, oldest first.</summary>
    public IReadOnlyList<Narrative> ActiveNarratives => _active.Select(n => n.Snapshot()).ToList();

    /// <summary>What the detector holds in memory now.</summary>
    public NarrativeDetectorFootprint Footprint =>
        new(_text.WindowCount, _text.IndexCount, _text.PairCount, _active.Count, _raids.TrackedStreams, _surges.TrackedStreams, _viewers.Count);

    /// <summary>
    /// Takes one chat message. Returns the narratives it raised or updated (a message can feed a raid, a text narrative
    /// and a sentiment surge at once), and any narrative that expired on the way; empty for most messages.
    /// </summary>
    public IReadOnlyList<NarrativeUpdate> Observe(ChatObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var updates = new List<NarrativeUpdate>();
        var now = Advance(observation.At, tick: false, updates);
        var normalized = _options.Normalizer(observation.Text);
        _viewers.Observe(observation.ViewerId, now);
        _text.Saw(now);

        // A raider's message is the raid's: the raid narrative already surfaces it, whatever it says.
        if (!ObserveRaid(observation, updates))
        {
            ObserveText(observation, normalized, now, updates);
        }

        ObserveSurge(observation, normalized, now, updates);
        return updates;
    }

    /// <summary>
    /// Moves time on without a message (a grain calls it from a timer, about once a second): expires narratives idle for
    /// <see cref="NarrativeDetectionOptions.NarrativeIdleExpiry"/>, lets every window go, and reports trend changes.
    /// </summary>
    public IReadOnlyList<NarrativeUpdate> Tick(DateTimeOffset now)
    {
        var updates = new List<NarrativeUpdate>();
        now = Advance(now, tick: true, updates);
        foreach (var narrative in _active)
        {
            if (narrative.RefreshTrend(now))
            {
                updates.Add(new NarrativeUpdate(narrative.Snapshot(), NarrativeChange.Updated, []));
            }
        }

        return updates;
    }

    private DateTimeOffset Advance(DateTimeOffset at, bool tick, List<NarrativeUpdate> updates)
    {
        _now = at > _now ? at : _now;
        _text.Evict(_now, sweep: tick);
        if (tick)
        {
            _raids.Expire(_now);
            _surges.Expire(_now);
            _viewers.Expire(_now);
        }

        foreach (var idle in _active.Where(n => _now - n.LastSeen > _options.NarrativeIdleExpiry).ToList())
        {
            Forget(idle);
            idle.RefreshTrend(_now);
            updates.Add(new NarrativeUpdate(idle.Snapshot(), NarrativeChange.Expired, []));
        }

        return _now;
    }

    /// <summary>Feeds the raid detector; true when the observation was attributed to a raid.</summary>
    private bool ObserveRaid(ChatObservation observation, List<NarrativeUpdate> updates)
    {
        if (_raids.Observe(observation) is not { } raid)
        {
            return false;
        }

        var isNew = !_raidNarratives.TryGetValue(raid.Signal.RaidId, out var narrative);
        if (narrative is null)
        {
            narrative = Create(NarrativeKind.Raid, raidId: raid.Signal.RaidId, streamId: raid.Signal.StreamId);
            _raidNarratives[raid.Signal.RaidId] = narrative;
        }

        foreach (var message in raid.AttributedMessages)
        {
            narrative.Attribute(message, _options.Normalizer(message.Text));
        }

        var messageIds = raid.AttributedMessages.Select(m => m.MessageId).ToList();
        _text.TakeForRaid(messageIds);
        updates.Add(Report(narrative, isNew, messageIds));
        return raid.AttributedMessages.Any(m => m.MessageId == observation.MessageId);
    }

    private void ObserveText(ChatObservation observation, string normalized, DateTimeOffset now, List<NarrativeUpdate> updates)
    {
        var words = ChatText.ContentWords(normalized, _options.MaximumContentWords);
        if (words.Count < _options.MinimumContentWords)
        {
            return;
        }

        foreach (var attribution in _text.Observe(observation, now, normalized, words))
        {
            foreach (var message in attribution.Messages)
            {
                attribution.Narrative.Attribute(message.Observation, message.NormalizedText);
            }

            updates.Add(Report(attribution.Narrative, attribution.Raised, attribution.Messages.Select(m => m.Observation.MessageId).ToList()));
        }
    }

    private void ObserveSurge(ChatObservation observation, string normalized, DateTimeOffset now, List<NarrativeUpdate> updates)
    {
        var stream = _surges.Observe(observation, now);
        if (!stream.IsSurging)
        {
            return;
        }

        if (_surgeNarratives.TryGetValue(observation.StreamId, out var surge))
        {
            if (observation.Sentiment < 0)
            {
                surge.Attribute(observation, normalized);
                updates.Add(Report(surge, raised: false, [observation.MessageId]));
            }

            return;
        }

        surge = Create(NarrativeKind.OpposingSentimentSurge, raidId: null, streamId: observation.StreamId);
        surge.Description = FormattableString.Invariant(
            $"Chat on {observation.StreamId} turned against the stream's mood: mean sentiment {stream.WindowMean:+0.00;-0.00} in the last {_options.Surge.Window.TotalSeconds:0} s against {stream.BaselineMean:+0.00;-0.00} before");
        _surgeNarratives[observation.StreamId] = surge;
        var opposing = stream.OpposingMessages.ToList();
        foreach (var message in opposing)
        {
            surge.Attribute(message, _options.Normalizer(message.Text));
        }

        updates.Add(Report(surge, raised: true, opposing.Select(m => m.MessageId).ToList()));
    }

    private NarrativeUpdate Report(NarrativeState narrative, bool raised, IReadOnlyList<string> messageIds)
    {
        narrative.RefreshTrend(_now);
        return new NarrativeUpdate(narrative.Snapshot(), raised ? NarrativeChange.Raised : NarrativeChange.Updated, messageIds);
    }

    private NarrativeState Create(NarrativeKind kind, string? raidId, string? streamId)
    {
        var narrative = new NarrativeState($"n-{++_narrativeCount}", kind, _options) { RaidId = raidId, StreamId = streamId };
        _active.Add(narrative);
        return narrative;
    }

    private void Forget(NarrativeState narrative)
    {
        _active.Remove(narrative);
        _text.Forget(narrative);
        if (narrative.RaidId is { } raidId)
        {
            _raidNarratives.Remove(raidId);
        }

        if (narrative.Kind == NarrativeKind.OpposingSentimentSurge && narrative.StreamId is { } streamId)
        {
            _surgeNarratives.Remove(streamId);
        }
    }
}
