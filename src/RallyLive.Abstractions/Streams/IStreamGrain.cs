using System.Collections.Immutable;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Rallies;

namespace RallyLive.Abstractions.Streams;

/// <summary>
/// One livestream of a rally, keyed <c>{rallyId}/{streamId}</c>: who is watching, the reactions they tap
/// (summed, and sent on once per tick as one frame), and the chat with each message's state. The rally calls it;
/// it calls its rally's crowd sentiment, narratives and moderation, never the rally.
/// </summary>
public interface IStreamGrain : IGrainWithStringKey
{
    /// <summary>The rally hands the stream its setup when it is created; calls to a stream never opened are refused.</summary>
    ValueTask Open(StreamSetup setup);

    /// <summary>Adds a viewer to the stream's presence.</summary>
    ValueTask<JoinReceipt> Join(JoinRequest request);

    /// <summary>
    /// <paramref name="node"/> no longer holds the viewer: they leave the stream's presence unless another node still
    /// holds them. Without a node, they leave unless some node holds them.
    /// </summary>
    ValueTask Leave(string viewerId, string? node = null);

    /// <summary>A node renews its hold on the viewers its connections watch here (<see cref="NodePresence"/>).</summary>
    ValueTask Hold(NodePresence presence);

    /// <summary>Counts a viewer's batch of taps; they leave the stream in the next tick's frame.</summary>
    ValueTask<ReactReceipt> React(ReactRequest request);

    /// <summary>
    /// Counts many viewers' batches in one call, each checked as <see cref="React"/> checks it: a refused request
    /// counts nothing and the others still count. Outcomes are in the order of <paramref name="requests"/>. A node
    /// sends its viewers' taps this way, so a busy stream gets a few calls a second, not one per viewer batch.
    /// </summary>
    ValueTask<ImmutableArray<ReactOutcome>> ReactMany(ImmutableArray<ReactRequest> requests);

    /// <summary>Stores a chat message (durable when this returns) and says whether it is visible or held.</summary>
    // Interleaves so that a busy stream's messages share storage commits; its checks run before any await.
    [AlwaysInterleave]
    ValueTask<ChatMessage> SendChat(SendChatRequest request);

    /// <summary>
    /// A joined viewer reports a visible message of this stream to the moderators: refused with
    /// <c>MessageNotFound</c> when the stream has no such visible message, and with <c>AlreadyReported</c> when this viewer
    /// has reported it before.
    /// </summary>
    // Interleaves: the stream only reads here, and must not wait on moderation's storage commit before its next call.
    [AlwaysInterleave]
    ValueTask Report(ReportRequest request);

    /// <summary>A moderator hides, restores, deletes or approves a message; the action is audited and clears the message's flags.</summary>
    ValueTask<ChatMessage> ActOnMessage(MessageActionRequest request);

    /// <summary>Replaces the chat rules the stream enforces; the rally calls it when moderators change them.</summary>
    ValueTask ApplyChatPolicy(ChatPolicy policy);

    /// <summary>The rally went live or ended; stored with the stream's setup.</summary>
    ValueTask RallyStatusChanged(RallyStatus status);

    /// <summary>Viewers, reaction totals and recent chat; with <paramref name="forModerators"/>, held and hidden messages too.</summary>
    [ReadOnly]
    ValueTask<StreamSnapshot> GetSnapshot(bool forModerators);

    /// <summary>
    /// The display name of a viewer present on the stream, for what they send elsewhere (a question). Refused as chat
    /// is: when the rally has ended, the viewer has not joined, or is banned.
    /// </summary>
    [ReadOnly]
    ValueTask<string> GetJoinedViewerName(string viewerId);
}
