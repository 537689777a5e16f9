namespace RallyLive.Grains.Questions;

/// <summary>Limits of viewers' questions. Bound from <c>RallyLive:Questions</c>.</summary>
public sealed class QuestionOptions
{
    public const string SectionName = "RallyLive:Questions";

    public int MaxTextLength { get; set; } = 200;

    public int MaxQuestionsPerRally { get; set; } = 500;

    /// <summary>Pending or approved questions one viewer may have at once.</summary>
    public int MaxOpenPerViewer { get; set; } = 3;

    /// <summary>How many of the most upvoted questions the report lists.</summary>
    public int ReportTopCount { get; set; } = 10;
}
