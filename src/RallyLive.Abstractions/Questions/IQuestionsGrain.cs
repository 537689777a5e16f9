using System.Collections.Immutable;

namespace RallyLive.Abstractions.Questions;

/// <summary>
/// The rally's questions from viewers, keyed by rally id. A question waits for a moderator (pending), who approves or
/// rejects it; viewers see approved questions and upvote them, once each; the organiser shows one on screen at a
/// time. A question or upvote is durable when the call that made it returns.
/// </summary>
public interface IQuestionsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores a viewer's question as pending. Refused to a banned or timed-out viewer, for empty or too long text, and
    /// past the rally's or the viewer's limit (<see cref="RallyErrorCode.QuestionLimitReached"/>).
    /// </summary>
    ValueTask<Question> Ask(AskQuestionRequest request);

    /// <summary>Counts a viewer's upvote of an approved (or shown) question; a second upvote of the same question changes nothing.</summary>
    ValueTask<UpvoteReceipt> Upvote(UpvoteQuestionRequest request);

    /// <summary>A moderator lets a pending question through to viewers; approving an approved one changes nothing.</summary>
    ValueTask<Question> Approve(QuestionActionRequest request);

    /// <summary>A moderator turns a pending or approved question down; viewers no longer see it.</summary>
    ValueTask<Question> Reject(QuestionActionRequest request);

    /// <summary>The organiser puts an approved question on screen; the one shown before is then answered.</summary>
    ValueTask<Question> Show(QuestionActionRequest request);

    /// <summary>The organiser takes the shown question off screen (it is answered); null when none was shown.</summary>
    ValueTask<Question?> ClearShown(string organiserId);

    /// <summary>
    /// The questions, most upvoted first (then oldest first): for viewers the approved ones and the shown one, for
    /// moderators and organisers every one, pending and rejected included.
    /// </summary>
    [ReadOnly]
    ValueTask<ImmutableArray<Question>> GetQuestions(bool forModerators);

    /// <summary>What the rally's report says of its questions.</summary>
    [ReadOnly]
    ValueTask<QuestionsReport> GetReport();
}
