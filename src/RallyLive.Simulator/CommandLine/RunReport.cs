using System.Globalization;
using RallyLive.Simulator.Protocol;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Simulator.CommandLine;

/// <summary>How a run reads in a terminal: one progress line, and the summary at the end (the server's demo prints the same).</summary>
public static class RunReport
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>"rally time 01:05 / 04:30 · Luna's opening · 240 viewers · 85.2 messages/s · 0 refused".</summary>
    public static string ProgressLine(SimulationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var failures = progress.ConnectionFailures > 0 ? string.Format(Culture, " · {0} connection failures", progress.ConnectionFailures) : string.Empty;
        return string.Format(Culture, "rally time {0} / {1} · {2} · {3} viewers · {4:0.0} messages/s · {5} refused{6}",
            Clock(progress.ScenarioTime), Clock(progress.ScenarioLength), progress.Beat, progress.ViewersConnected, progress.MessagesPerSecond,
            progress.Refusals, failures);
    }

    /// <summary>The polls with their tallies, the campaigns, and the totals of a finished run.</summary>
    public static void WriteSummary(TextWriter writer, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteLine(string.Format(Culture, "Rally {0} at {1}: {2} viewers joined, {3:N0} calls in {4}",
            result.Rally.RallyId, result.Rally.Server, result.ViewersJoined, result.CallsSent, Clock(result.Elapsed)));
        foreach (var poll in result.Polls)
        {
            writer.WriteLine(string.Format(Culture, "  poll \"{0}\" ({1}): {2:N0} votes counted of {3:N0} planned",
                poll.Question, poll.Beat, poll.Accepted.Sum(), poll.Planned.Sum()));
            var width = poll.Options.Max(o => o.Length);
            for (var i = 0; i < poll.Options.Count; i++)
            {
                writer.WriteLine(string.Format(Culture, "    {0} {1,6:N0}  (planned {2:N0})", poll.Options[i].PadRight(width), poll.Accepted[i], poll.Planned[i]));
            }
        }

        if (result.Questions is { Planned: > 0 } questions)
        {
            writer.WriteLine(string.Format(Culture, "  questions: {0} of {1} asked and approved, {2:N0} upvotes counted of {3:N0} planned, {4} shown",
                questions.Approved, questions.Planned, questions.UpvotesCounted, questions.UpvotesPlanned, questions.Shown));
        }

        foreach (var campaign in result.Campaigns)
        {
            writer.WriteLine(string.Format(Culture, "  campaign: {0} on {1} ({2}): {3} accounts, {4} messages sent, {5} accepted",
                campaign.Kind.ToString().ToLowerInvariant(), campaign.Stream, campaign.Beat, campaign.Accounts, campaign.MessagesSent, campaign.MessagesAccepted));
        }

        writer.WriteLine(string.Format(Culture, "  chat accepted {0:N0} · reactions accepted {1:N0} · refused calls {2:N0} · connection failures {3:N0}",
            result.ChatAccepted, result.ReactionsAccepted, result.Refusals, result.ConnectionFailures));
        if (result.ChatHeldBack + result.TapsHeldBack + result.VotesNotCast > 0)
        {
            writer.WriteLine(string.Format(Culture, "  not sent: {0:N0} chat lines and {1:N0} taps (viewer not connected) · votes not counted: {2:N0}",
                result.ChatHeldBack, result.TapsHeldBack, result.VotesNotCast));
        }
    }

    /// <summary>
    /// The narratives the organiser sees, each with the campaign most of its messages came from, or "organic chatter"
    /// when none did (which the crowd's organic lines are written never to cause).
    /// </summary>
    public static void WriteNarratives(TextWriter writer, IReadOnlyList<NarrativeState> narratives, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(narratives);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteLine(string.Format(Culture, "  narratives the organiser sees: {0}", narratives.Count));
        foreach (var narrative in narratives)
        {
            var campaign = SourceOf(narrative, result);
            writer.WriteLine(string.Format(Culture, "    {0} on {1}: \"{2}\" ({3} messages, {4} viewers) from {5}",
                narrative.Kind, string.Join(", ", narrative.Streams), narrative.RepresentativeText, narrative.MessageCount, narrative.DistinctViewers,
                campaign is null ? "organic chatter" : $"the {campaign.Kind.ToString().ToLowerInvariant()} campaign of {campaign.Beat}"));
        }
    }

    /// <summary>The campaign that sent most of a narrative's messages, or null.</summary>
    public static CampaignResult? SourceOf(NarrativeState narrative, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(narrative);
        ArgumentNullException.ThrowIfNull(result);
        return result.Campaigns.FirstOrDefault(c => narrative.MessageIds.Count(c.MessageIds.Contains) * 2 > narrative.MessageIds.Count);
    }

    private static string Clock(TimeSpan time) =>
        time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", Culture) : time.ToString(@"mm\:ss", Culture);
}
