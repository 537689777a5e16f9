namespace RallyLive.Domain.Narratives;

/// <summary>A detected raid on one stream, as it stands.</summary>
/// <param name="RaidId">Unique within one detector ("main-stage/raid-1").</param>
/// <param name="StreamId">The raided stream.</param>
/// <param name="FirstSeen">The first message of the burst.</param>
/// <param name="LastSeen">The latest message of any of its viewers.</param>
/// <param name="ViewerIds">The new viewers of the raid, in order of their first message.</param>
/// <param name="SampleMessages">A few of their messages as posted, earliest first.</param>
/// <param name="MessageCount">Messages posted by its viewers on the stream since they joined.</param>
public sealed record RaidSignal(
    string RaidId,
    string StreamId,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<string> ViewerIds,
    IReadOnlyList<string> SampleMessages,
    int MessageCount);
