using System.Collections.Immutable;
using RallyLive.Abstractions.Rallies;

namespace RallyLive.Grains.Rallies;

/// <summary>Limits and defaults of rallies. Bound from <c>RallyLive:Rallies</c>.</summary>
public sealed class RallyOptions
{
    public const string SectionName = "RallyLive:Rallies";

    public int MaxTitleLength { get; set; } = 120;

    public int MaxCauseLength { get; set; } = 500;

    public int MaxNameLength { get; set; } = 80;

    public int MaxBioLength { get; set; } = 500;

    public int MaxStreams { get; set; } = 12;

    public int MaxSegments { get; set; } = 100;

    public int MaxPinLength { get; set; } = 280;

    public int MaxPinned { get; set; } = 10;

    /// <summary>The reactions of a rally that names none, with the valences of the product's description.</summary>
    public static ImmutableArray<ReactionKind> DefaultPalette { get; } =
    [
        new("cheer", 1), new("love", 1), new("clap", 0.7), new("laugh", 0.3),
        new("wow", 0), new("question", 0), new("boo", -1), new("angry", -1),
    ];
}
