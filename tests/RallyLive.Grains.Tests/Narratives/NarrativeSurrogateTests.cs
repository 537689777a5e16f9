using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RallyLive.Abstractions.Narratives;
using RallyLive.Domain.Narratives;

namespace RallyLive.Grains.Tests.Narratives;

/// <summary>The domain records that cross grain boundaries do so through the surrogates in RallyLive.Abstractions.</summary>
public sealed class NarrativeSurrogateTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);

    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private static Narrative SampleNarrative() => new(
        "n-1", NarrativeKind.Paraphrase, "the mini-lab is unsafe", 12, 9, ["main-stage", "street-cam"], At, At.AddSeconds(40),
        NarrativeTrend.Rising, ["the mini-lab is unsafe", "mini lab unsafe!!"], -0.4, NarrativeStatus.Answered);

    [Fact]
    public void NarrativeView_RoundTripsThroughTheSerializer_WithEveryField()
    {
        var serializer = Services.GetRequiredService<Serializer>();
        var view = new NarrativeView(SampleNarrative(), "luna-vega", At.AddMinutes(1), "pin-3", ["m-1", "m-2"]);

        var copy = Assert.IsType<NarrativeView>(serializer.Deserialize<NarrativeView>(serializer.SerializeToArray(view)));

        Assert.Equal(view.Narrative with { Streams = [], Samples = [] }, copy.Narrative with { Streams = [], Samples = [] });
        Assert.Equal(view.Narrative.Streams, copy.Narrative.Streams);
        Assert.Equal(view.Narrative.Samples, copy.Narrative.Samples);
        Assert.Equal(("luna-vega", At.AddMinutes(1), "pin-3"), (copy.HandledBy, copy.HandledAt, copy.PinnedResponseId));
        Assert.Equal<string>(view.MessageIds, copy.MessageIds);
    }

    [Fact]
    public void ChatObservations_RoundTripThroughTheSerializer()
    {
        var serializer = Services.GetRequiredService<Serializer>();
        ImmutableArray<ChatObservation> batch =
        [
            new("m-1", At, "main-stage", "viewer-1", At.AddMinutes(-5), "hello 👋", 0.3),
            new("m-2", At.AddSeconds(1), "street-cam", "viewer-2", At, "the mini-lab is unsafe", -0.5),
        ];

        var copy = serializer.Deserialize<ImmutableArray<ChatObservation>>(serializer.SerializeToArray(batch));

        Assert.Equal<ChatObservation>(batch, copy);
    }

    [Fact]
    public void NarrativeView_IsNotDeepCopied_BecauseItIsImmutable()
    {
        var copier = Services.GetRequiredService<DeepCopier>();
        var view = new NarrativeView(SampleNarrative(), null, null, null, []);

        Assert.Same(view, copier.Copy(view));
    }
}
