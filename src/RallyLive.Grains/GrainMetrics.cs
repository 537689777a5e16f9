using System.Diagnostics.Metrics;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Narratives;

namespace RallyLive.Grains;

/// <summary>
/// What the domain's grains decide, measured where they decide it, on the <c>RallyLive.Grains</c> meter: reactions
/// counted or refused by a stream, chat shown or held by a stream's gate, votes counted by a poll, narratives raised by
/// the detector, and how long a stream's tick takes. Names and units follow OpenTelemetry's conventions
/// (docs/operations.md lists them all).
/// </summary>
public sealed class GrainMetrics : IDisposable
{
    public const string MeterName = "RallyLive.Grains";

    private readonly Meter _meter;
    private readonly Histogram<double> _tickDuration;
    private readonly Counter<long> _reactionsAccepted;
    private readonly Counter<long> _reactionsRefused;
    private readonly Counter<long> _chatShown;
    private readonly Counter<long> _chatHeld;
    private readonly Counter<long> _votesCounted;
    private readonly Counter<long> _narrativesRaised;

    public GrainMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _tickDuration = _meter.CreateHistogram<double>("rallylive.stream.tick.duration", unit: "ms",
            description: "How long a stream's tick takes: frame out, sentiment and narratives fed, totals stored when due.");
        _reactionsAccepted = _meter.CreateCounter<long>("rallylive.reactions.accepted", unit: "{reaction}",
            description: "Reactions (taps) a stream counted.");
        _reactionsRefused = _meter.CreateCounter<long>("rallylive.reactions.refused", unit: "{batch}",
            description: "Viewer reaction batches a stream refused whole, by reason (an error code).");
        _chatShown = _meter.CreateCounter<long>("rallylive.chat.shown", unit: "{message}",
            description: "Chat messages stored and shown to the stream's viewers.");
        _chatHeld = _meter.CreateCounter<long>("rallylive.chat.held", unit: "{message}",
            description: "Chat messages stored and held for a moderator (hold-for-review, shield mode, a blocked term), by reason.");
        _votesCounted = _meter.CreateCounter<long>("rallylive.votes.counted", unit: "{vote}",
            description: "Votes that moved a poll's tallies: first votes, and changed ones (changed = true); a repeated vote for the same option is not counted.");
        _narrativesRaised = _meter.CreateCounter<long>("rallylive.narratives.raised", unit: "{narrative}",
            description: "Counter-narratives the detector raised, by kind.");
    }

    public void Ticked(TimeSpan duration) => _tickDuration.Record(duration.TotalMilliseconds);

    public void ReactionsAccepted(int reactions) => _reactionsAccepted.Add(reactions);

    public void ReactionsRefused(RallyErrorCode reason) => _reactionsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    /// <summary>Counts a message the stream just stored, by the state its chat gate gave it.</summary>
    public void ChatStored(ChatMessageState state, string? reason)
    {
        if (state == ChatMessageState.Visible)
        {
            _chatShown.Add(1);
        }
        else if (state == ChatMessageState.Held)
        {
            _chatHeld.Add(1, new KeyValuePair<string, object?>("reason", HeldReason(reason)));
        }
    }

    public void VoteCounted(bool changed) => _votesCounted.Add(1, new KeyValuePair<string, object?>("changed", changed));

    public void NarrativeRaised(NarrativeKind kind) => _narrativesRaised.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// The gate's reason names a blocked term after a colon ("blocked term: …"); a tag keeps only the part before it,
    /// so the metric has a handful of values and never carries a term or chat text.
    /// </summary>
    internal static string HeldReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "unknown";
        }

        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? reason : reason[..colon]).Trim();
    }
}
