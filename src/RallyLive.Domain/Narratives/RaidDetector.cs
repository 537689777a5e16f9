namespace RallyLive.Domain.Narratives;

/// <summary>
/// Detects raids: on one stream, at least <see cref="RaidDetectionOptions.MinimumNewChatters"/> viewers who joined less
/// than <see cref="RaidDetectionOptions.NewViewerAge"/> ago post their first message within
/// <see cref="RaidDetectionOptions.BurstWindow"/>, having joined together (within <see cref="RaidDetectionOptions.ArrivalGap"/>
/// of one another), and that count is at least
/// <see cref="RaidDetectionOptions.MinimumBaselineRatio"/> times the stream's usual new chatters per window over the
/// <see cref="RaidDetectionOptions.BaselineWindow"/> before, on a stream whose audience had settled (see
/// <see cref="RaidDetectionOptions.MinimumSettledShare"/>). What they say does not matter here: the raid is who arrives,
/// how fast. Pure: time comes only from the observations and from <see cref="Expire"/>. Not thread-safe.
/// </summary>
public sealed class RaidDetector
{
    private readonly RaidDetectionOptions _options;
    private readonly Dictionary<string, RaidStreamState> _streams = new(StringComparer.Ordinal);
    private int _raidCount;

    /// <summary>Creates a detector with no history.</summary>
    public RaidDetector(RaidDetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumNewChatters, 2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BurstWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaselineWindow, options.BurstWindow);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ArrivalGap, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinimumSettledShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MinimumSettledShare, 1);
        _options = options;
    }

    /// <summary>Streams with state in memory (for tests of eviction).</summary>
    public int TrackedStreams => _streams.Count;

    /// <summary>
    /// Takes one message. Returns the raid it raised or belongs to, with the messages this observation attributes to it,
    /// or null when the message is not part of a raid.
    /// </summary>
    public RaidUpdate? Observe(ChatObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (!_streams.TryGetValue(observation.StreamId, out var stream))
        {
            _streams[observation.StreamId] = stream = new RaidStreamState(observation.StreamId, observation.At, _options);
        }

        var now = stream.Advance(observation.At, observed: true);
        stream.AddChatter(observation, now);
        if (stream.Raid is { } raid && raid.Viewers.Contains(observation.ViewerId))
        {
            raid.Add(observation, now, _options.SampleCount);
            return new RaidUpdate(raid.ToSignal(), IsNew: false, [observation]);
        }

        if (stream.TryAddToNewChatter(observation) || now - observation.ViewerJoinedAt > _options.NewViewerAge)
        {
            return null;
        }

        // A new viewer's first message: they are a new chatter.
        stream.AddNewChatter(observation, now);
        if (stream.Raid is { } bursting)
        {
            // Still arriving as part of the crowd: they join the raid in progress, with the new chatters they arrived with.
            var joined = JoinArrivals(bursting, stream, now);
            return joined.Count == 0 ? null : new RaidUpdate(bursting.ToSignal(), IsNew: false, joined);
        }

        var arrivals = stream.ArrivedTogether(_options.ArrivalGap);
        if (arrivals.Count < _options.MinimumNewChatters
            || arrivals.Count < _options.MinimumBaselineRatio * stream.ExpectedPerBurstWindow(now)
            || stream.SettledShare(now) < _options.MinimumSettledShare)
        {
            return null;
        }

        var raised = new ActiveRaid($"{stream.StreamId}/raid-{++_raidCount}", stream.StreamId, stream.BurstStart);
        stream.Raid = raised;
        var attributed = new List<ChatObservation>();
        foreach (var (viewerId, _) in arrivals)
        {
            attributed.AddRange(Join(raised, stream, viewerId, now));
        }

        attributed.AddRange(JoinArrivals(raised, stream, now));
        return new RaidUpdate(raised.ToSignal(), IsNew: true, attributed);
    }

    /// <summary>Ends raids idle for <see cref="RaidDetectionOptions.IdleExpiry"/> and forgets streams idle for a whole baseline window.</summary>
    public void Expire(DateTimeOffset now)
    {
        foreach (var stream in _streams.Values.ToList())
        {
            var streamNow = stream.Advance(now, observed: false);
            if (stream.IsIdle(streamNow))
            {
                _streams.Remove(stream.StreamId);
            }
        }
    }

    /// <summary>
    /// Takes into the raid every new chatter of the stream who joined within <see cref="RaidDetectionOptions.ArrivalGap"/>
    /// of one of its viewers, and so on outward: raiders chat a few seconds after joining, not in the order they joined,
    /// so a raider may join between two others who have not chatted yet.
    /// </summary>
    private List<ChatObservation> JoinArrivals(ActiveRaid raid, RaidStreamState stream, DateTimeOffset now)
    {
        var attributed = new List<ChatObservation>();
        var waiting = stream.NewChatters.Where(chatter => !raid.Viewers.Contains(chatter.ViewerId)).ToList();
        for (var grew = true; grew;)
        {
            grew = false;
            for (var i = waiting.Count - 1; i >= 0; i--)
            {
                if (raid.ArrivedWith(waiting[i].JoinedAt, _options.ArrivalGap))
                {
                    attributed.AddRange(Join(raid, stream, waiting[i].ViewerId, now));
                    waiting.RemoveAt(i);
                    grew = true;
                }
            }
        }

        return attributed;
    }

    /// <summary>Makes a new viewer part of the raid, with every message they have posted since joining.</summary>
    private IReadOnlyList<ChatObservation> Join(ActiveRaid raid, RaidStreamState stream, string viewerId, DateTimeOffset now)
    {
        var messages = stream.MessagesOf(viewerId);
        raid.AddViewer(viewerId, stream.JoinedAt(viewerId));
        stream.MarkRaider(viewerId);
        foreach (var message in messages)
        {
            raid.Add(message, now, _options.SampleCount);
        }

        return messages;
    }
}
