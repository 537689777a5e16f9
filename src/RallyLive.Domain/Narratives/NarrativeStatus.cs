namespace RallyLive.Domain.Narratives;

/// <summary>
/// What the organiser has done about a narrative. The detector always reports <see cref="Open"/>: the status belongs to
/// whoever keeps the narrative list (the rally's grain), which sets it with <c>narrative with { Status = ... }</c>.
/// </summary>
public enum NarrativeStatus
{
    /// <summary>Surfaced, not looked at yet.</summary>
    Open,

    /// <summary>The organiser has seen it.</summary>
    Acknowledged,

    /// <summary>The organiser answered it (pinned a response, briefed the speaker).</summary>
    Answered,

    /// <summary>The organiser judged it not worth answering. Nothing is hidden: dissent is not abuse.</summary>
    Dismissed,

    /// <summary>Handed to the moderators, who alone may hide abusive messages in it.</summary>
    HandedToModerators,
}
