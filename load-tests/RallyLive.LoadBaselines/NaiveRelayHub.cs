using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace RallyLive.LoadBaselines;

/// <summary>
/// Baseline N, the naive design: a SignalR hub that relays every reaction to the whole group the moment it arrives,
/// so that the server's work grows with viewers times reactions. Same method names and payload shape as RallyLive's
/// viewer hub (a frame holding just that reaction), so the same clients measure it.
/// </summary>
public sealed class NaiveRelayHub : Hub
{
    private static long _sequence;

    public async Task<object> JoinStream(JsonElement call)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Rally);
        return new { sequence = Interlocked.Read(ref _sequence) };
    }

    public async Task<object> React(ReactCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var frame = new { rallyId = Rally, streamId = call.StreamId, at = DateTimeOffset.UtcNow, reactions = call.Counts, viewers = 0, chatMessages = 0, chatSentimentSum = 0.0 };
        await Clients.Group(Rally).SendAsync("ReactionBurst", Interlocked.Increment(ref _sequence), frame);
        return new { accepted = call.Counts.Values.Sum() };
    }

    private string Rally => Context.GetHttpContext()?.Request.Query["rally"].ToString() ?? "rally";
}

/// <summary>A viewer's batch of taps.</summary>
public sealed record ReactCall(string StreamId, Dictionary<string, int> Counts);
