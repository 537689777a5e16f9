namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>A speaker on a rally's stage and the ways chat writes their name.</summary>
public sealed record RallySpeaker(string Key, string[] Names);

/// <summary>
/// Everything a rally's chat is about: its streams, speakers, own chants, what the crowd discusses, asks and objects
/// to, and the campaigns an opponent runs against it (a copypasta, a talking point in several wordings, a raid's lines).
/// The organic parts are written the way a crowd writes, each viewer in their own words; the campaign parts are written
/// the way a brief handed to many accounts reads. Nothing here knows the detector.
/// </summary>
public sealed record RallyTopic
{
    /// <summary>Short name, used in reports ("transit").</summary>
    public required string Name { get; init; }

    /// <summary>Three streams, the main one first.</summary>
    public required string[] Streams { get; init; }

    public required RallySpeaker[] Speakers { get; init; }

    /// <summary>The rally's own slogans, chanted by its supporters at every applause line.</summary>
    public required string[] Chants { get; init; }

    /// <summary>Subjects of discussion lines ("the night buses") ...</summary>
    public required string[] Subjects { get; init; }

    /// <summary>... and what viewers say about them.</summary>
    public required string[] Takes { get; init; }

    public required string[] Questions { get; init; }

    /// <summary>Honest dissent, each line its own viewer's objection.</summary>
    public required string[] Dissent { get; init; }

    /// <summary>What sceptical viewers write when a speaker reaches the cost (an organic burst of dissent sharing words).</summary>
    public required string[] CostObjections { get; init; }

    /// <summary>The copypasta: one text pasted by every account of the campaign, with the edits each makes.</summary>
    public required string Copypasta { get; init; }

    /// <summary>The talking point: the wordings of one claim in the brief handed to the campaign's accounts.</summary>
    public required string[] TalkingPoint { get; init; }

    /// <summary>What raiders write on arrival: the raiding community's tags, taunts and emoji.</summary>
    public required string[] RaidLines { get; init; }
}
