namespace RallyLive.Grains.Polls;

/// <summary>Limits of polls. Bound from <c>RallyLive:Polls</c>.</summary>
public sealed class PollOptions
{
    public const string SectionName = "RallyLive:Polls";

    public int MaxQuestionLength { get; set; } = 200;

    public int MaxOptionLength { get; set; } = 80;

    public int MinOptions { get; set; } = 2;

    public int MaxOptions { get; set; } = 8;
}
