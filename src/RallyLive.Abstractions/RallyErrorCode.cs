namespace RallyLive.Abstractions;

/// <summary>
/// Why a request to a RallyLive grain was refused. The names are part of the public protocol: hubs and the
/// HTTP API send them to clients as they are, so never rename one; add new ones at the end.
/// </summary>
public enum RallyErrorCode
{
    RallyNotFound,
    RallyAlreadyExists,
    RallyEnded,
    RallyNotLive,
    InvalidRally,
    StreamNotFound,
    SpeakerNotFound,
    PollNotFound,
    PollAlreadyExists,
    PollClosed,
    PollNotOpen,
    OptionNotFound,
    TooFewOptions,
    TooManyOptions,
    DuplicateOption,
    TextEmpty,
    TextTooLong,
    InvalidReaction,
    ReactionCountOutOfRange,
    ViewerNotJoined,
    ViewerBanned,
    ViewerTimedOut,
    SlowModeActive,
    MessageNotFound,
    PinNotFound,
    NoNextSegment,
    NarrativeNotFound,
    InvalidRequest,

    /// <summary>This viewer has already reported this message: one report per reporter per message.</summary>
    AlreadyReported,

    /// <summary>The rally has no question with this id (or none the caller may see).</summary>
    QuestionNotFound,

    /// <summary>The question is not approved: it cannot be upvoted or shown.</summary>
    QuestionNotApproved,

    /// <summary>The rally has as many questions as it takes, or the viewer as many open questions as one may have.</summary>
    QuestionLimitReached,

    /// <summary>Too many calls of this kind from this caller (or their network): slow down. Nothing was changed.</summary>
    RateLimited,
}
