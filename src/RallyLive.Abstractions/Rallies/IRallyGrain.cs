using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Abstractions.Rallies;

/// <summary>
/// A rally, keyed by its id: title and cause, status (draft, live, ended), the run of show and the current
/// segment, its streams, polls and pinned items. The top of the rally's call graph: it hands its setup down to its
/// streams, moderation and crowd sentiment, and no grain of the rally calls it.
/// </summary>
public interface IRallyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the rally in draft, opened by the organiser key of <paramref name="organiserId"/> only. Refused if it
    /// exists or the request breaks a limit.
    /// </summary>
    ValueTask<RallySnapshot> Create(CreateRallyRequest request, string organiserId);

    /// <summary>The rally as organisers see it.</summary>
    [ReadOnly]
    ValueTask<RallySnapshot> GetSnapshot();

    /// <summary>Starts the show at the first segment of the run of show.</summary>
    ValueTask<RallySnapshot> GoLive();

    /// <summary>Ends the current segment and starts the next.</summary>
    ValueTask<RallySnapshot> NextSegment();

    /// <summary>Ends the rally: the current segment ends, open polls close, chat and reactions stop.</summary>
    ValueTask<RallySnapshot> End();

    ValueTask<PinnedItem> Pin(PinRequest request);

    ValueTask Unpin(string pinId);

    /// <summary>Pins <paramref name="response"/> as the organiser's answer to a counter-narrative, and marks the narrative answered.</summary>
    ValueTask<NarrativeView> AnswerNarrative(string organiserId, string narrativeId, string response);

    /// <summary>
    /// Applies a moderator's change to the chat rules (validated, stored and audited by the rally's moderation) and
    /// hands the new rules to every stream; when it returns, every stream enforces them.
    /// </summary>
    ValueTask<ChatPolicy> ChangeChatPolicy(ChatPolicyChange change);

    /// <summary>Adds a poll in draft and returns it.</summary>
    ValueTask<PollSnapshot> AddPoll(CreatePollRequest request);

    ValueTask<PollSnapshot> OpenPoll(string pollId);

    ValueTask<PollSnapshot> ClosePoll(string pollId);

    /// <summary>Records a moderator whose key the organiser minted.</summary>
    ValueTask AddModerator(string moderatorId, string name);

    /// <summary>Revokes a moderator: their key stops working. Refused for a moderator the rally never had.</summary>
    ValueTask RevokeModerator(string moderatorId);

    /// <summary>Whether a moderator's key still works; checked on every moderator call.</summary>
    [ReadOnly]
    ValueTask<bool> IsActiveModerator(string moderatorId);

    /// <summary>
    /// Rotates the organiser key: from now on only the key of <paramref name="organiserId"/> opens the rally as its
    /// organiser, and every key minted before stops working.
    /// </summary>
    ValueTask ReplaceOrganiser(string organiserId);

    /// <summary>Whether an organiser key still works (it has not been rotated away); checked on every organiser call.</summary>
    [ReadOnly]
    ValueTask<bool> IsActiveOrganiser(string organiserId);

    /// <summary>The whole post-event report, gathered from the rally's grains in one call.</summary>
    [ReadOnly]
    ValueTask<RallyReport> GetReport();
}
