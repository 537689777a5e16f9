using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization.Configuration;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Polls;
using RallyLive.Grains.Polls;

namespace RallyLive.Grains.Tests.Contracts;

/// <summary>What crosses a grain boundary reaches the other side whole, and a type that could not is caught at start.</summary>
public sealed class ContractTests
{
    [Fact]
    public async Task RallyException_ThrownOnOneSilo_ReachesACallerOnAnother_WithItsCode()
    {
        await using var domain = await DomainCluster.StartAsync(silos: 2);
        var crossedSilos = false;

        // Placement is the runtime's choice: try rallies until one's poll lands on the other silo.
        for (var attempt = 0; attempt < 32 && !crossedSilos; attempt++)
        {
            var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());
            var refused = await Assert.ThrowsAsync<RallyException>(() =>
                rally.AddPoll(new CreatePollRequest("Only one way?", ["Yes"])).AsTask());
            Assert.Equal(RallyErrorCode.TooFewOptions, refused.Code);

            var poll = domain.Grains.GetGrain<IPollGrain>(PollKey.For(rally.GetPrimaryKeyString(), "poll1"));
            crossedSilos = domain.SiloOf(poll) is { } pollSilo && domain.SiloOf(rally) is { } rallySilo && pollSilo != rallySilo;
        }

        Assert.True(crossedSilos, "No rally's poll was placed on the other silo in 32 tries.");
    }

    [Fact]
    public async Task ASiloWhoseGrainInterfaceUsesATypeWithoutASerializer_RefusesToStart()
    {
        var refused = await Assert.ThrowsAsync<OrleansConfigurationException>(() => DomainCluster.StartAsync(configureSilo: silo =>
            silo.Services.Configure<TypeManifestOptions>(options => options.Interfaces.Add(typeof(IGrainWithUnserializableArgument)))));

        Assert.Contains(nameof(UnserializableArgument), refused.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(IGrainWithUnserializableArgument.Take), refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// A contract with a mistake in it: its argument has no [GenerateSerializer]. It is not an IGrain, or Orleans' code
/// generator would list it in this assembly's manifest and every silo of these tests would refuse to start; the
/// test hands it to the one silo it starts as one of its grain interfaces.
/// </summary>
public interface IGrainWithUnserializableArgument
{
    Task Take(UnserializableArgument argument);
}

public sealed class UnserializableArgument
{
    public string Text { get; set; } = string.Empty;
}
