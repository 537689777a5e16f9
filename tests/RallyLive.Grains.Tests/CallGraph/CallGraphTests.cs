using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Polls;
using RallyLive.Grains.Tests.Narratives;

namespace RallyLive.Grains.Tests.CallGraph;

/// <summary>
/// Calls between a rally's grains go one way: rally, then streams, then crowd sentiment, narratives and moderation.
/// No grain calls one above it, so no call can wait on a grain that is waiting on it, and no interleaving is needed
/// to avoid a deadlock. A whole rally day is played and every grain-to-grain call it makes is recorded.
/// </summary>
public sealed class CallGraphTests
{
    /// <summary>Who may call whom, by grain type.</summary>
    private static readonly HashSet<(string Caller, string Callee)> Allowed =
    [
        ("rally", "stream"), ("rally", "poll"), ("rally", "speaker"), ("rally", "crowdsentiment"), ("rally", "counternarrative"), ("rally", "moderation"), ("rally", "questions"),
        ("questions", "moderation"),
        ("stream", "crowdsentiment"), ("stream", "counternarrative"), ("stream", "moderation"),
        ("counternarrative", "moderation"),
        ("crowdsentiment", "speaker"),
    ];

    [Fact]
    public async Task ARallyDay_CallsOnlyDownwards()
    {
        var calls = new CallRecorder();
        await using var domain = await DomainCluster.StartAsync(configureSilo: silo => silo.Services.AddSingleton<IIncomingGrainCallFilter>(calls));
        var rallyId = DomainCluster.NewRallyId();

        var rally = await domain.CreateRallyAsync(rallyId);
        var main = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        // The detector raises no text narrative in its first two minutes, while it learns the rally's chat.
        await main.Join(new JoinRequest("host", "Host"));
        await main.SendChat(new SendChatRequest("host", "welcome everyone, we start in two minutes"));
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(2));
        for (var i = 0; i < CounterNarrativeGrainTests.Slogans.Length; i++)
        {
            await main.Join(new JoinRequest($"insider-{i}", $"Insider {i}"));
            await main.React(new ReactRequest($"insider-{i}", DomainCluster.Taps(("cheer", 2))));
            await main.SendChat(new SendChatRequest($"insider-{i}", CounterNarrativeGrainTests.Slogans[i]));
            await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(250));
        }

        await rally.ChangeChatPolicy(new AddBlockedTerm("mod-ezra", "sellout"));
        var held = await main.SendChat(new SendChatRequest("insider-0", "what a sellout"));
        await main.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", held.Id, MessageAction.Approve));
        await rally.ChangeChatPolicy(new BanViewer("mod-ezra", "insider-1", "raid organiser"));
        var narrative = Assert.Single(await domain.Grains.GetGrain<ICounterNarrativeGrain>(rallyId).GetNarratives());
        await rally.AnswerNarrative("luna-vega", narrative.Narrative.Id, "The mini-lab passed every safety inspection.");
        await domain.Grains.GetGrain<ICounterNarrativeGrain>(rallyId).HandToModerators("luna-vega", narrative.Narrative.Id);
        var poll = await rally.AddPoll(new CreatePollRequest("Which clinic first?", ["North", "South"]));
        await rally.OpenPoll(poll.PollId);
        await domain.Grains.GetGrain<IPollGrain>(PollKey.For(rallyId, poll.PollId)).Vote(new VoteRequest("insider-2", 0));
        var questions = domain.Grains.GetGrain<IQuestionsGrain>(rallyId);
        var question = await questions.Ask(new AskQuestionRequest("insider-2", "Insider 2", "main-stage", "Where will the mini-lab go next?"));
        await questions.Approve(new QuestionActionRequest("mod-ezra", question.Id));
        await questions.Upvote(new UpvoteQuestionRequest("insider-3", question.Id));
        await questions.Show(new QuestionActionRequest("luna-vega", question.Id));
        await rally.NextSegment();
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(2));
        await rally.End();
        await rally.GetReport();
        await domain.RestartAsync();
        await domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "street-cam")).GetSnapshot(forModerators: true);

        var made = calls.Edges();
        Assert.All(made, edge => Assert.Contains(edge, Allowed));
        Assert.Superset(
            new HashSet<(string, string)> { ("rally", "stream"), ("rally", "moderation"), ("stream", "moderation"), ("stream", "counternarrative"), ("counternarrative", "moderation"), ("rally", "questions"), ("questions", "moderation") },
            made);
    }

    /// <summary>Records the grain type of caller and callee of every call one grain makes to another.</summary>
    private sealed class CallRecorder : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<(string Caller, string Callee), bool> _edges = new();

        public HashSet<(string Caller, string Callee)> Edges() => [.. _edges.Keys];

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.SourceId is { } source && !source.Type.IsClient() && !source.Type.IsSystemTarget() && source.Type != context.TargetId.Type)
            {
                _edges.TryAdd((source.Type.ToString()!, context.TargetId.Type.ToString()!), true);
            }

            return context.Invoke();
        }
    }
}
