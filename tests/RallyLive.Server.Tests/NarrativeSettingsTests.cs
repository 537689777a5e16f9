using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RallyLive.Domain.Narratives;

namespace RallyLive.Server.Tests;

/// <summary>The counter-narrative detector's settings come from <c>RallyLive:Narratives</c>, and nonsense is refused at start.</summary>
public sealed class NarrativeSettingsTests
{
    [Fact]
    public async Task Settings_AreReadFromConfiguration_NestedOnesToo_TheRestKeepTheirDefaults()
    {
        await using var server = new ServerFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["RallyLive:Narratives:WarmUp"] = "00:00:30",
                ["RallyLive:Narratives:Raid:MinimumNewChatters"] = "20",
            },
        };

        var options = server.Services.GetRequiredService<IOptions<NarrativeDetectionOptions>>().Value;

        var defaults = new NarrativeDetectionOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.WarmUp);
        Assert.Equal(20, options.Raid.MinimumNewChatters);
        Assert.Equal(defaults.MinimumDistinctViewers, options.MinimumDistinctViewers);
        Assert.Equal(defaults.Normalizer("Th3 M1NI-LAB is UNSAFE!!"), options.Normalizer("Th3 M1NI-LAB is UNSAFE!!"));
        Assert.Equal("the minilab is unsafe", options.Normalizer("Th3 M1NI-LAB is UNSAFE!!"));
    }

    [Theory]
    [InlineData("MinimumDistinctViewers", "1")]
    [InlineData("MinimumDedicatedShare", "1.5")]
    [InlineData("Raid:MinimumSettledShare", "-0.1")]
    [InlineData("Raid:ArrivalGap", "00:00:00")]
    [InlineData("WarmUp", "-00:00:01")]
    public async Task SettingsThatMakeNoSense_StopTheServerFromStarting_NamingTheSection(string setting, string value)
    {
        await using var server = new ServerFactory { Settings = new Dictionary<string, string> { [$"RallyLive:Narratives:{setting}"] = value } };

        var refused = Assert.ThrowsAny<Exception>(() => server.Services);

        var validation = Assert.IsType<OptionsValidationException>(Chain(refused).First(e => e is OptionsValidationException));
        Assert.Contains("RallyLive:Narratives", validation.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
