using System.Globalization;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Speakers;

namespace RallyLive.Grains.Speakers;

public sealed class SpeakerGrain(
    [PersistentState("speaker")] IPersistentState<SpeakerState> speaker,
    [PersistentRecords("segments")] IPersistentRecords<SegmentSummary> segments) : Grain, ISpeakerGrain
{
    public async ValueTask Introduce(string name, string? bio)
    {
        if (speaker.State.Name == name && speaker.State.Bio == bio)
        {
            return;
        }

        (speaker.State.Name, speaker.State.Bio) = (name, bio);
        await speaker.WriteStateAsync();
    }

    public async ValueTask RecordSegment(SegmentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await segments.WriteAsync($"{summary.RallyId}/{summary.SegmentIndex.ToString("D4", CultureInfo.InvariantCulture)}", summary);
    }

    public async ValueTask<SpeakerSnapshot> GetSnapshot()
    {
        var recorded = await segments.ReadAsync();
        return new SpeakerSnapshot(this.GetPrimaryKeyString(), speaker.State.Name, speaker.State.Bio,
            [.. recorded.Select(r => r.Value).OrderBy(s => s.StartedAt)]);
    }
}

public sealed class SpeakerState
{
    public string? Name { get; set; }

    public string? Bio { get; set; }
}
