using Microsoft.AspNetCore.SignalR.Client;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Realtime;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests.Hubs;

/// <summary>An organiser on <c>/hubs/organiser</c>: one method per <see cref="OrganiserHub"/> method, one handler per <see cref="IOrganiserClient"/> message.</summary>
public sealed class OrganiserHubClient(HubConnection connection) : TypedHubClient(connection)
{
    public static async Task<OrganiserHubClient> ConnectAsync(string baseUrl, string organiserKey, CancellationToken cancellationToken = default) =>
        new(await StartAsync(baseUrl, "organiser", organiserKey, cancellationToken: cancellationToken));

    /// <summary>Connects with handlers that <paramref name="beforeStart"/> registers, so it hears what the server sends on connect.</summary>
    public static async Task<OrganiserHubClient> ConnectAsync(string baseUrl, string organiserKey, Action<OrganiserHubClient> beforeStart)
    {
        ArgumentNullException.ThrowIfNull(beforeStart);
        var organiser = new OrganiserHubClient(Build(baseUrl, "organiser", organiserKey));
        beforeStart(organiser);
        await StartAsync(organiser.Connection);
        return organiser;
    }

    public Task<OrganiserCatchUp> CatchUpAsync() => Connection.InvokeAsync<OrganiserCatchUp>(nameof(OrganiserHub.CatchUp));

    public Task<RallySnapshot> GetRallyAsync() => Connection.InvokeAsync<RallySnapshot>(nameof(OrganiserHub.GetRally));

    public Task<RallySnapshot> GoLiveAsync() => Connection.InvokeAsync<RallySnapshot>(nameof(OrganiserHub.GoLive));

    public Task<RallySnapshot> NextSegmentAsync() => Connection.InvokeAsync<RallySnapshot>(nameof(OrganiserHub.NextSegment));

    public Task<RallySnapshot> EndRallyAsync() => Connection.InvokeAsync<RallySnapshot>(nameof(OrganiserHub.EndRally));

    public Task<PollSnapshot> CreatePollAsync(CreatePollRequest call) => Connection.InvokeAsync<PollSnapshot>(nameof(OrganiserHub.CreatePoll), call);

    public Task<PollSnapshot> OpenPollAsync(PollCall call) => Connection.InvokeAsync<PollSnapshot>(nameof(OrganiserHub.OpenPoll), call);

    public Task<PollSnapshot> ClosePollAsync(PollCall call) => Connection.InvokeAsync<PollSnapshot>(nameof(OrganiserHub.ClosePoll), call);

    public Task<PollSnapshot> GetPollAsync(PollCall call) => Connection.InvokeAsync<PollSnapshot>(nameof(OrganiserHub.GetPoll), call);

    public Task<PinnedItem> PinAsync(PinRequest call) => Connection.InvokeAsync<PinnedItem>(nameof(OrganiserHub.Pin), call);

    public Task UnpinAsync(UnpinCall call) => Connection.InvokeAsync(nameof(OrganiserHub.Unpin), call);

    public Task<IReadOnlyList<SentimentBucket>> GetRecentSentimentAsync() =>
        Connection.InvokeAsync<IReadOnlyList<SentimentBucket>>(nameof(OrganiserHub.GetRecentSentiment));

    public Task<IReadOnlyList<NarrativeView>> GetNarrativesAsync() => Connection.InvokeAsync<IReadOnlyList<NarrativeView>>(nameof(OrganiserHub.GetNarratives));

    public Task<NarrativeView> AcknowledgeNarrativeAsync(NarrativeCall call) => Connection.InvokeAsync<NarrativeView>(nameof(OrganiserHub.AcknowledgeNarrative), call);

    public Task<NarrativeView> AnswerNarrativeAsync(AnswerNarrativeCall call) => Connection.InvokeAsync<NarrativeView>(nameof(OrganiserHub.AnswerNarrative), call);

    public Task<NarrativeView> HandNarrativeToModeratorsAsync(NarrativeCall call) =>
        Connection.InvokeAsync<NarrativeView>(nameof(OrganiserHub.HandNarrativeToModerators), call);

    public Task<NarrativeView> DismissNarrativeAsync(NarrativeCall call) => Connection.InvokeAsync<NarrativeView>(nameof(OrganiserHub.DismissNarrative), call);

    public Task<IReadOnlyList<Question>> GetQuestionsAsync() => Connection.InvokeAsync<IReadOnlyList<Question>>(nameof(OrganiserHub.GetQuestions));

    public Task<Question> ShowQuestionAsync(QuestionCall call) => Connection.InvokeAsync<Question>(nameof(OrganiserHub.ShowQuestion), call);

    public Task<Question?> ClearShownQuestionAsync() => Connection.InvokeAsync<Question?>(nameof(OrganiserHub.ClearShownQuestion));

    public IDisposable OnQuestionsChanged(Action<long, QuestionsDelta> handler) => Connection.On(nameof(IOrganiserClient.QuestionsChanged), handler);

    public IDisposable OnStreamFrame(Action<long, StreamFrame> handler) => Connection.On(nameof(IOrganiserClient.StreamFrame), handler);

    public IDisposable OnSentiment(Action<long, IReadOnlyList<SentimentBucket>> handler) => Connection.On(nameof(IOrganiserClient.Sentiment), handler);

    public IDisposable OnNarrative(Action<long, NarrativeView> handler) => Connection.On(nameof(IOrganiserClient.Narrative), handler);

    public IDisposable OnRallyUpdated(Action<long, RallySnapshot> handler) => Connection.On(nameof(IOrganiserClient.RallyUpdated), handler);

    public IDisposable OnPollUpdated(Action<long, PollSnapshot> handler) => Connection.On(nameof(IOrganiserClient.PollUpdated), handler);

    public IDisposable OnModerationChanged(Action<long, ModerationDelta> handler) => Connection.On(nameof(IOrganiserClient.ModerationChanged), handler);

    public IDisposable OnServerLoad(Action<DeliveryLoad> handler) => Connection.On(nameof(IOrganiserClient.ServerLoad), handler);
}
