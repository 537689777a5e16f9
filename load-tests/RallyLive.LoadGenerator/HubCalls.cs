using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>The viewer hub's calls the generator makes (docs/protocol.md), on the crowd's one stream.</summary>
internal static class ViewerCalls
{
    public static Task JoinStreamAsync(this LoadConnection viewer, int viewerIndex, CancellationToken cancellationToken = default) =>
        viewer.InvokeAsync("JoinStream", new { streamId = Crowd.StreamId, displayName = $"viewer {viewerIndex}" }, cancellationToken);

    /// <summary>Sends one batch of taps; returns how many the server accepted.</summary>
    public static async Task<int> ReactAsync(this LoadConnection viewer, IReadOnlyDictionary<string, int> counts, CancellationToken cancellationToken = default) =>
        (await viewer.InvokeAsync("React", new { streamId = Crowd.StreamId, counts }, cancellationToken)).GetProperty("accepted").GetInt32();

    public static Task SendChatAsync(this LoadConnection viewer, string text, CancellationToken cancellationToken = default) =>
        viewer.InvokeAsync("SendChat", new { streamId = Crowd.StreamId, text }, cancellationToken);

    /// <summary>Votes; returns the option that counts for this viewer now.</summary>
    public static async Task<int> VoteAsync(this LoadConnection viewer, string pollId, int optionIndex, CancellationToken cancellationToken = default) =>
        (await viewer.InvokeAsync("Vote", new { pollId, optionIndex }, cancellationToken)).GetProperty("optionIndex").GetInt32();

    public static Task ReportMessageAsync(this LoadConnection viewer, string messageId, CancellationToken cancellationToken = default) =>
        viewer.InvokeAsync("ReportMessage", new { streamId = Crowd.StreamId, messageId, reason = "Spam" }, cancellationToken);
}

/// <summary>The organiser hub's calls the generator makes: a rally goes live, and a poll is made, opened and read.</summary>
internal static class OrganiserCalls
{
    /// <summary>Puts the rally live; one that is already live stays so.</summary>
    public static async Task GoLiveAsync(this LoadConnection organiser)
    {
        try
        {
            await organiser.InvokeAsync("GoLive");
        }
        catch (LoadCallException)
        {
            // Already live.
        }
    }

    /// <summary>Creates a poll shown live to viewers and opens it; returns its id.</summary>
    public static async Task<string> OpenPollAsync(this LoadConnection organiser, string question, IReadOnlyList<string> options)
    {
        var poll = await organiser.InvokeAsync("CreatePoll", new { question, options, visibility = "Live" });
        var pollId = poll.GetProperty("pollId").GetString()!;
        await organiser.InvokeAsync("OpenPoll", new { pollId });
        return pollId;
    }

    public static async Task<int[]> TalliesAsync(this LoadConnection organiser, string pollId) =>
        [.. (await organiser.InvokeAsync("GetPoll", new { pollId })).GetProperty("tallies").EnumerateArray().Select(t => t.GetInt32())];
}
