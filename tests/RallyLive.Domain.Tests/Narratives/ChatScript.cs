using RallyLive.Domain.Narratives;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>
/// Writes chat observations for tests at offsets from a fixed start, so that every time in a test is a parameter and
/// none comes from the clock. Message ids are numbered in the order messages are written.
/// </summary>
internal sealed class ChatScript
{
    public static readonly DateTimeOffset Start = new(2150, 6, 1, 18, 0, 0, TimeSpan.Zero);

    private int _count;

    public static DateTimeOffset At(double seconds) => Start + TimeSpan.FromSeconds(seconds);

    /// <summary>A message from a viewer who joined the stream five minutes before the chat started: no raider.</summary>
    public ChatObservation Say(double seconds, string viewerId, string text, double sentiment, string streamId = "main-stage") =>
        SayAfterJoining(seconds, viewerId, joinedAtSeconds: -300, text, sentiment, streamId);

    public ChatObservation SayAfterJoining(double seconds, string viewerId, double joinedAtSeconds, string text, double sentiment, string streamId = "main-stage") =>
        new($"m-{++_count}", At(seconds), streamId, viewerId, At(joinedAtSeconds), text, sentiment);

    /// <summary>Feeds observations to a detector in order and returns every update it reported.</summary>
    public static List<NarrativeUpdate> Feed(NarrativeDetector detector, IEnumerable<ChatObservation> observations) =>
        observations.SelectMany(detector.Observe).ToList();
}
