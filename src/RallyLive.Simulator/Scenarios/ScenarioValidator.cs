using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace RallyLive.Simulator.Scenarios;

/// <summary>Checks what JSON cannot: that a scenario's numbers, names and times make sense together.</summary>
public static partial class ScenarioValidator
{
    /// <summary>The reactions of a rally that names no palette (the server's default).</summary>
    public static readonly IReadOnlySet<string> DefaultReactions = new HashSet<string>(["cheer", "love", "clap", "laugh", "wow", "question", "boo", "angry"]);

    public static IReadOnlyList<string> Problems(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var problems = new List<string>();
        void Check(bool ok, string field, string what)
        {
            if (!ok)
            {
                problems.Add($"{field}: {what}");
            }
        }

        Check(!string.IsNullOrWhiteSpace(scenario.Name), "name", "must not be empty");
        Check(scenario.Viewers is >= 1 and <= 1_000_000, "viewers", $"must be 1 to 1,000,000, not {scenario.Viewers}");
        var rally = scenario.Rally;
        Check(!string.IsNullOrWhiteSpace(rally.Title), "rally.title", "must not be empty");
        Check(rally.Streams.Length is >= 1 and <= 12, "rally.streams", $"a rally has 1 to 12 streams, not {rally.Streams.Length}");
        for (var i = 0; i < rally.Streams.Length; i++)
        {
            Check(IdPattern().IsMatch(rally.Streams[i].Id), $"rally.streams[{i}].id", $"'{rally.Streams[i].Id}' is not 1 to 40 lower-case letters, digits or dashes");
        }

        var speakers = OrEmpty(rally.Speakers).Select(s => s.Id).ToHashSet();
        var runOfShow = OrEmpty(rally.RunOfShow);
        for (var i = 0; i < runOfShow.Length; i++)
        {
            var speaker = runOfShow[i].SpeakerId;
            Check(speaker is null || speakers.Contains(speaker), $"rally.runOfShow[{i}].speakerId", $"'{speaker}' is not one of the rally's speakers");
        }

        var streams = rally.Streams.Select(s => s.Id).ToHashSet();
        var segmentsStarted = 0;
        var previousEnd = TimeSpan.Zero;
        for (var i = 0; i < scenario.Beats.Length; i++)
        {
            var beat = scenario.Beats[i];
            var at = $"beats[{i}]";
            Check(beat.At >= previousEnd, $"{at}.at", $"{beat.At} starts before the previous beat ends ({previousEnd})");
            Check(beat.Duration > TimeSpan.Zero, $"{at}.duration", "must be longer than zero");
            previousEnd = beat.At + beat.Duration;
            Check(beat.AudienceShare is >= 0 and <= 1, $"{at}.audienceShare", $"must be within 0 and 1, not {beat.AudienceShare}");
            Check(beat.ReactionsPerViewerPerMinute is >= 0 and <= 600, $"{at}.reactionsPerViewerPerMinute", "must be 0 to 600");
            Check(beat.ChatPerViewerPerMinute is >= 0 and <= 60, $"{at}.chatPerViewerPerMinute", "must be 0 to 60");
            Shares(beat.StreamShares, streams, $"{at}.streamShares", "stream", problems);
            if (beat.ReactionsPerViewerPerMinute > 0)
            {
                Shares(beat.ReactionMix ?? ImmutableDictionary<string, double>.Empty, DefaultReactions, $"{at}.reactionMix", "reaction", problems);
            }

            Check(beat.ChatPerViewerPerMinute == 0 || !beat.ChatLines.IsDefaultOrEmpty, $"{at}.chatLines", "a beat with chat needs lines to say");
            for (var l = 0; !beat.ChatLines.IsDefault && l < beat.ChatLines.Length; l++)
            {
                Check(ChatLine.Wordings(beat.ChatLines[l]).All(w => w.Length > 0), $"{at}.chatLines[{l}]", "every wording between '|' needs text");
            }

            segmentsStarted += beat.Action is OrganiserAction.GoLive or OrganiserAction.NextSegment ? 1 : 0;
            Check(segmentsStarted <= runOfShow.Length, $"{at}.action", $"starts segment {segmentsStarted}, but the run of show has {runOfShow.Length}");
            if (beat.Questions is { } questions)
            {
                var asked = questions.Asked.IsDefault ? [] : questions.Asked;
                Check(asked.Length is >= 1 and <= 20, $"{at}.questions.asked", $"a beat asks 1 to 20 questions, not {asked.Length}");
                Check(asked.All(q => !string.IsNullOrWhiteSpace(q) && q.Trim().Length <= 200), $"{at}.questions.asked", "each question is 1 to 200 characters");
                Check(questions.UpvoteShare is >= 0 and <= 1, $"{at}.questions.upvoteShare", $"must be within 0 and 1, not {questions.UpvoteShare}");
                Check(questions.Show >= 0 && questions.Show < asked.Length, $"{at}.questions.show", $"names question {questions.Show} of {asked.Length}");
            }

            if (beat.Poll is { } poll)
            {
                Check(poll.Options.Length is >= 2 and <= 8, $"{at}.poll.options", $"a poll has 2 to 8 options, not {poll.Options.Length}");
                Check(poll.Answers.Length == poll.Options.Length, $"{at}.poll.answers", $"has {poll.Answers.Length} shares for {poll.Options.Length} options");
                Check(Math.Abs(poll.Answers.Sum() - 1) < 0.001, $"{at}.poll.answers", $"shares must add up to 1, not {poll.Answers.Sum():0.###}");
            }

            if (beat.Campaign is { } campaign)
            {
                Check(streams.Contains(campaign.Stream), $"{at}.campaign.stream", $"'{campaign.Stream}' is not one of the rally's streams");
                Check(campaign.Accounts is >= 1 and <= 100_000, $"{at}.campaign.accounts", "must be 1 to 100,000");
                Check(!campaign.Lines.IsDefaultOrEmpty, $"{at}.campaign.lines", "a campaign needs lines to post");
                Check(campaign.After + campaign.Within <= beat.Duration, $"{at}.campaign.within", "the campaign must end within its beat");
            }
        }

        return problems;
    }

    private static ImmutableArray<T> OrEmpty<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;

    private static void Shares(ImmutableDictionary<string, double> shares, IReadOnlySet<string> known, string field, string what, List<string> problems)
    {
        foreach (var name in shares.Keys.Where(name => !known.Contains(name)))
        {
            problems.Add($"{field}.{name}: '{name}' is not a {what} of this rally");
        }

        if (shares.Values.Any(share => share < 0) || Math.Abs(shares.Values.Sum() - 1) >= 0.001)
        {
            problems.Add($"{field}: shares must be positive and add up to 1, not {shares.Values.Sum():0.###}");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();
}
