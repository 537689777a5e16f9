using System.Diagnostics;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// What one viewer connection received, checked as it arrives: sequence numbers must increase (a repeat or a step
/// back is a duplicate), reaction counts add up, probes are matched to their scheduled send times, and chat messages
/// are counted with an order-free checksum of their ids so that viewers can be compared with one another.
/// </summary>
internal sealed class Viewer(Crowd crowd, int index)
{
    private long _lastSequence;
    private int _probesMatched;

    public Crowd Crowd { get; } = crowd;

    public int Index { get; } = index;

    public LoadConnection Connection { get; set; } = null!;

    public long Duplicates { get; private set; }

    /// <summary>Load reactions and probes the crowd had accepted when this viewer joined: it is owed only what came after.</summary>
    public (long Load, long Probes) JoinedAt { get; private set; }

    /// <summary>Marks the join: the viewer expects only reactions accepted, and probes scheduled, from now on.</summary>
    public void Joined(long loadAccepted, long probesAccepted, int probesScheduled)
    {
        JoinedAt = (loadAccepted, probesAccepted);
        _probesMatched = probesScheduled;
    }

    /// <summary>Load reactions this viewer has still to see (negative: it saw more than were accepted).</summary>
    public long Missing(long loadAccepted, long probesAccepted) =>
        loadAccepted - JoinedAt.Load - ReactionSum + (probesAccepted - JoinedAt.Probes - ProbeSum);

    /// <summary>Messages whose sequence number was lower than one already received (the naive relay does not keep order).</summary>
    public long OutOfOrder { get; private set; }

    public long Frames { get; private set; }

    /// <summary>Sum of the load kinds' counts in every frame received (probes and other kinds apart).</summary>
    public long ReactionSum { get; private set; }

    public long ProbeSum { get; private set; }

    public long ChatReceived { get; private set; }

    public long ChatChecksum { get; private set; }

    public long MessagesReceived { get; private set; }

    /// <summary>Handles one stream message on this viewer's receive loop: its target, sequence number and payload.</summary>
    public void OnMessage(string target, long sequence, JsonElement payload)
    {
        MessagesReceived++;
        Crowd.Totals.Delivered();
        if (sequence == _lastSequence && sequence != 0)
        {
            Duplicates++;
        }
        else if (sequence < _lastSequence)
        {
            OutOfOrder++;
        }

        _lastSequence = Math.Max(_lastSequence, sequence);
        switch (target)
        {
            case "ReactionBurst":
                Frames++;
                Crowd.FrameLatency.RecordMicroseconds((long)(DateTimeOffset.UtcNow - payload.GetProperty("at").GetDateTimeOffset()).TotalMicroseconds);
                OnFrame(payload.GetProperty("reactions"));
                break;
            case "ChatMessage":
                ChatReceived++;
                ChatChecksum += payload.GetProperty("id").GetString()!.GetHashCode(StringComparison.Ordinal);
                Crowd.OnChatDelivered(payload.GetProperty("text").GetString()!);
                break;
        }
    }

    private void OnFrame(JsonElement reactions)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var kind in reactions.EnumerateObject())
        {
            var count = kind.Value.GetInt32();
            if (kind.NameEquals(Crowd.ProbeKind))
            {
                ProbeSum += count;
                for (var i = 0; i < count; i++)
                {
                    Crowd.OnProbeDelivered(_probesMatched++, now);
                }
            }
            else if (Crowd.IsLoadKind(kind.Name))
            {
                ReactionSum += count;
            }
        }
    }
}
