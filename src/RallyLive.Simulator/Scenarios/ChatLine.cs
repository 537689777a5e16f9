namespace RallyLive.Simulator.Scenarios;

/// <summary>
/// A line of a beat's organic chat: one thing people say, in one wording or in several separated by <c>|</c>
/// ("how does the lab work? | so how does the mini-lab work"). A viewer who says it picks one wording: people who ask
/// the same question or make the same point put it in their own words, while a cheer or a chant is said one way.
/// </summary>
public static class ChatLine
{
    /// <summary>The wordings of <paramref name="line"/>, trimmed; a line without <c>|</c> has one.</summary>
    public static string[] Wordings(string line) => line.Split('|', StringSplitOptions.TrimEntries);
}
