using System.Collections.Immutable;

namespace RallyLive.Abstractions.Questions;

/// <summary>Where a question is in its life: pending until a moderator acts, then approved or rejected; shown on screen, then answered.</summary>
public enum QuestionState
{
    Pending,
    Approved,
    Rejected,
    Shown,
    Answered,
}

/// <summary>A viewer asks a question while watching <paramref name="StreamId"/>, under the display name they joined it with.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.ask-question-request")]
public sealed record AskQuestionRequest(
    [property: Id(0)] string ViewerId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string StreamId,
    [property: Id(3)] string Text);

[GenerateSerializer, Immutable, Alias("rallylive.upvote-question-request")]
public sealed record UpvoteQuestionRequest([property: Id(0)] string ViewerId, [property: Id(1)] string QuestionId);

/// <summary>A moderator's or organiser's action on one question; <paramref name="ActorId"/> is who takes it.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.question-action-request")]
public sealed record QuestionActionRequest([property: Id(0)] string ActorId, [property: Id(1)] string QuestionId);

/// <summary>
/// One question. <see cref="HeldReason"/> says why moderators should look twice (a blocked term); only moderators and
/// organisers see it.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.question")]
public sealed record Question(
    [property: Id(0)] string Id,
    [property: Id(1)] string ViewerId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Text,
    [property: Id(4)] string StreamId,
    [property: Id(5)] DateTimeOffset AskedAt,
    [property: Id(6)] int Upvotes,
    [property: Id(7)] QuestionState State,
    [property: Id(8)] string? HeldReason = null)
{
    /// <summary>Whether viewers see the question: approved, or on screen.</summary>
    public bool IsPublic => State is QuestionState.Approved or QuestionState.Shown;

    /// <summary>Pending or approved: counts towards the asking viewer's open questions.</summary>
    public bool IsOpen => State is QuestionState.Pending or QuestionState.Approved;

    /// <summary>The question as a viewer may see it: without the moderators' reason.</summary>
    public Question ForViewers() => HeldReason is null ? this : this with { HeldReason = null };
}

/// <summary>The answer to an upvote: the question's count now, and whether this upvote added to it.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.upvote-receipt")]
public sealed record UpvoteReceipt([property: Id(0)] string QuestionId, [property: Id(1)] int Upvotes, [property: Id(2)] bool Counted);

/// <summary>
/// The questions part of the rally's report: how many were asked, approved (ever: shown and answered ones too) and
/// shown, and the most upvoted of those viewers saw.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.questions-report")]
public sealed record QuestionsReport(
    [property: Id(0)] int Asked,
    [property: Id(1)] int Approved,
    [property: Id(2)] int Rejected,
    [property: Id(3)] int Shown,
    [property: Id(4)] ImmutableArray<Question> Top)
{
    public static QuestionsReport Empty { get; } = new(0, 0, 0, 0, []);
}
