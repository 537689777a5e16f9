using RallyLive.Domain.Narratives;

namespace RallyLive.Abstractions.Narratives;

/// <summary>
/// <see cref="Narrative"/> on the wire: the domain record stays free of Orleans, so it crosses grain boundaries
/// through this surrogate, Orleans' way for types it cannot annotate. Field ids are those the record had.
/// </summary>
[GenerateSerializer, Alias("rallylive.narrative-surrogate")]
public struct NarrativeSurrogate
{
    [Id(0)] public string Id { get; set; }
    [Id(1)] public NarrativeKind Kind { get; set; }
    [Id(2)] public string RepresentativeText { get; set; }
    [Id(3)] public int MessageCount { get; set; }
    [Id(4)] public int DistinctViewers { get; set; }
    [Id(5)] public IReadOnlyList<string> Streams { get; set; }
    [Id(6)] public DateTimeOffset FirstSeen { get; set; }
    [Id(7)] public DateTimeOffset LastSeen { get; set; }
    [Id(8)] public NarrativeTrend Trend { get; set; }
    [Id(9)] public IReadOnlyList<string> Samples { get; set; }
    [Id(10)] public double MeanSentiment { get; set; }
    [Id(11)] public NarrativeStatus Status { get; set; }
    [Id(12)] public NarrativeStance Stance { get; set; }
}

[RegisterConverter]
public sealed class NarrativeSurrogateConverter : IConverter<Narrative, NarrativeSurrogate>
{
    public Narrative ConvertFromSurrogate(in NarrativeSurrogate surrogate) =>
        new(surrogate.Id, surrogate.Kind, surrogate.RepresentativeText, surrogate.MessageCount, surrogate.DistinctViewers,
            surrogate.Streams, surrogate.FirstSeen, surrogate.LastSeen, surrogate.Trend, surrogate.Samples, surrogate.MeanSentiment,
            surrogate.Status, surrogate.Stance);

    public NarrativeSurrogate ConvertToSurrogate(in Narrative value) => new()
    {
        Id = value.Id,
        Kind = value.Kind,
        RepresentativeText = value.RepresentativeText,
        MessageCount = value.MessageCount,
        DistinctViewers = value.DistinctViewers,
        Streams = value.Streams,
        FirstSeen = value.FirstSeen,
        LastSeen = value.LastSeen,
        Trend = value.Trend,
        Samples = value.Samples,
        MeanSentiment = value.MeanSentiment,
        Status = value.Status,
        Stance = value.Stance,
    };
}
