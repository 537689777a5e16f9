namespace RallyLive.Grains.Polls;

/// <summary>Limits of polls. Bound from <c>RallyLive:Polls</c>.</summary>
public sealed class PollOptions
{
    public const string SectionName = "RallyLive:Polls";

    public int MaxQuestionLength { get; set; } = 200;

    public int MaxOptionLength { get; set; } = 80;

    public int MinOptions { get; set; } = 2;

    public int MaxOptions { get; set; } = 8;

    /// <summary>
    /// Votes one viewer may cast on one poll (per second, burst): held by the poll, one per cluster, so a viewer
    /// connected to several nodes gets no more. The server sets it from <c>RallyLive:Realtime:Votes</c>.
    /// </summary>
    public RateLimit VotesPerViewer { get; set; } = new(PerSecond: 2, Burst: 5);
}
