namespace RallyLive.Domain.Narratives;

/// <summary>
/// One stream's view for the raid detector: its new viewers (only while they are new), the new chatters of the burst
/// window, the baseline of new chatters per window, its chatters of the baseline window (one small record each), and the
/// raid in progress.
/// </summary>
internal sealed class RaidStreamState(string streamId, DateTimeOffset firstSeen, RaidDetectionOptions options)
{
    private readonly Dictionary<string, NewViewer> _newViewers = new(StringComparer.Ordinal);
    private readonly Queue<string> _newViewerOrder = new();
    private readonly DateTimeOffset _firstSeen = firstSeen;
    private readonly Queue<(DateTimeOffset At, string ViewerId)> _burst = new();
    private readonly TimeBuckets _baseline = new(TimeSpan.FromSeconds(1));
    private readonly Dictionary<string, Chatter> _chatters = new(StringComparer.Ordinal);
    private DateTimeOffset _now;
    private DateTimeOffset _lastObserved;
    private DateTimeOffset _lastSweep;

    public string StreamId => streamId;

    public ActiveRaid? Raid { get; set; }

    /// <summary>New chatters whose first message is within the burst window.</summary>
    public int BurstCount => _burst.Count;

    public DateTimeOffset BurstStart => _burst.Peek().At;

    /// <summary>
    /// The new chatters of the burst window who arrived together: each joined within <paramref name="gap"/> of another
    /// of them. Those who joined on their own are the audience's newcomers.
    /// </summary>
    public IReadOnlyList<(string ViewerId, DateTimeOffset JoinedAt)> ArrivedTogether(TimeSpan gap)
    {
        var joins = _burst.Select(entry => (entry.ViewerId, _newViewers[entry.ViewerId].JoinedAt)).OrderBy(join => join.JoinedAt).ToList();
        var together = new List<(string, DateTimeOffset)>(joins.Count);
        for (var i = 0; i < joins.Count; i++)
        {
            if ((i > 0 && joins[i].JoinedAt - joins[i - 1].JoinedAt <= gap) || (i + 1 < joins.Count && joins[i + 1].JoinedAt - joins[i].JoinedAt <= gap))
            {
                together.Add(joins[i]);
            }
        }

        return together;
    }

    /// <summary>
    /// Moves the stream's clock forward (never back) and lets everything older than its window go;
    /// <paramref name="observed"/> says a message arrived (rather than a tick).
    /// </summary>
    public DateTimeOffset Advance(DateTimeOffset at, bool observed)
    {
        _now = at > _now ? at : _now;
        _lastObserved = observed ? _now : _lastObserved;
        while (_burst.TryPeek(out var oldest) && oldest.At < _now - options.BurstWindow)
        {
            _burst.Dequeue();
            _baseline.Add(oldest.At, 1);
        }

        _baseline.EvictBefore(_now - options.BaselineWindow);
        // Viewers are recorded in about the order they joined, so the no-longer-new ones are at the front. They are kept
        // one burst window longer, so that a raid raised at the end of a window still finds their messages.
        while (_newViewerOrder.TryPeek(out var viewerId) && _now - _newViewers[viewerId].JoinedAt > options.NewViewerAge + options.BurstWindow)
        {
            _newViewers.Remove(_newViewerOrder.Dequeue());
        }

        if (Raid is { } raid && (_now - raid.LastSeen > options.IdleExpiry || _now - raid.FirstSeen > options.MaximumDuration))
        {
            Raid = null;
        }

        // Chatters silent for a whole baseline window are forgotten, looked for once per burst window.
        if (_now - _lastSweep >= options.BurstWindow)
        {
            _lastSweep = _now;
            foreach (var (viewerId, chatter) in _chatters)
            {
                if (_now - chatter.LastAt > options.BaselineWindow)
                {
                    _chatters.Remove(viewerId);
                }
            }
        }

        return _now;
    }

    /// <summary>Notes that a viewer chatted, and whether they had been watching longer than a newcomer when they did.</summary>
    public void AddChatter(ChatObservation observation, DateTimeOffset now)
    {
        var isNew = now - observation.ViewerJoinedAt <= options.NewViewerAge;
        if (!_chatters.TryGetValue(observation.ViewerId, out var chatter))
        {
            _chatters[observation.ViewerId] = chatter = new Chatter { FirstAsNewcomer = isNew ? now : null };
        }

        chatter.LastAt = now;
        if (!isNew)
        {
            chatter.FirstSettled ??= now;
            chatter.LastSettled = now;
        }
    }

    /// <summary>Notes that a viewer is a raider: their arrival was the raid's, not the audience's.</summary>
    public void MarkRaider(string viewerId)
    {
        if (_chatters.TryGetValue(viewerId, out var chatter))
        {
            chatter.Raider = true;
        }
    }

    /// <summary>
    /// The stream's audience before the burst window: of its chatters over the baseline window, the share who had been
    /// watching longer than a newcomer when they chatted (settled), against those who have only chatted as newcomers,
    /// outside a raid (arriving); 1 when there are neither, as a stream with no chat before the burst has no audience to
    /// tell a raid from.
    /// </summary>
    public double SettledShare(DateTimeOffset now)
    {
        int settled = 0, arriving = 0;
        foreach (var chatter in _chatters.Values)
        {
            if (chatter.FirstSettled is { } firstSettled && now - firstSettled > options.BurstWindow
                && chatter.LastSettled is { } lastSettled && now - lastSettled <= options.BaselineWindow)
            {
                settled++;
            }
            else if (!chatter.Raider && chatter.FirstAsNewcomer is { } firstAt && now - firstAt > options.BurstWindow && now - firstAt <= options.BaselineWindow)
            {
                arriving++;
            }
        }

        return settled + arriving == 0 ? 1 : (double)settled / (settled + arriving);
    }

    /// <summary>Keeps the message of a viewer already counted as a new chatter; false when the viewer is not one.</summary>
    public bool TryAddToNewChatter(ChatObservation observation)
    {
        if (!_newViewers.TryGetValue(observation.ViewerId, out var known))
        {
            return false;
        }

        known.Messages.Add(observation);
        return true;
    }

    /// <summary>Counts a new viewer's first message in the burst window.</summary>
    public void AddNewChatter(ChatObservation observation, DateTimeOffset now)
    {
        _newViewers[observation.ViewerId] = new NewViewer(observation.ViewerJoinedAt, [observation]);
        _newViewerOrder.Enqueue(observation.ViewerId);
        _burst.Enqueue((now, observation.ViewerId));
    }

    /// <summary>The new chatters still remembered, with when they joined the stream.</summary>
    public IEnumerable<(string ViewerId, DateTimeOffset JoinedAt)> NewChatters => _newViewers.Select(viewer => (viewer.Key, viewer.Value.JoinedAt));

    public DateTimeOffset JoinedAt(string viewerId) => _newViewers[viewerId].JoinedAt;

    public IReadOnlyList<ChatObservation> MessagesOf(string viewerId) =>
        _newViewers.TryGetValue(viewerId, out var viewer) ? viewer.Messages : [];

    /// <summary>
    /// The usual number of new chatters per burst window over the baseline window before it; zero until a whole burst
    /// window of history exists, so that a raid in a stream's first seconds is still caught.
    /// </summary>
    public double ExpectedPerBurstWindow(DateTimeOffset now)
    {
        var history = now - _firstSeen < options.BaselineWindow ? now - _firstSeen : options.BaselineWindow;
        var covered = history - options.BurstWindow;
        return covered < options.BurstWindow ? 0 : _baseline.Count * (options.BurstWindow / covered);
    }

    public bool IsIdle(DateTimeOffset now) => Raid is null && now - _lastObserved > options.BaselineWindow;

    private sealed record NewViewer(DateTimeOffset JoinedAt, List<ChatObservation> Messages);

    /// <summary>
    /// A chatter of the baseline window: when they first chatted if they were a newcomer then, when they first and last
    /// chatted as a settled viewer, when they last chatted, and whether they were a raider.
    /// </summary>
    private sealed class Chatter
    {
        public DateTimeOffset? FirstAsNewcomer { get; init; }

        public DateTimeOffset? FirstSettled { get; set; }

        public DateTimeOffset? LastSettled { get; set; }

        public DateTimeOffset LastAt { get; set; }

        public bool Raider { get; set; }
    }
}
