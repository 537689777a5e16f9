using RallyLive.Simulator.CommandLine;

namespace RallyLive.Simulator.Tests;

/// <summary>The command line's refusals, before any server is reached: usage errors and scenario files with errors (exit 2).</summary>
public sealed class SimulatorCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rallylive-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ScenarioWithErrors_ExitsTwo_NamingTheFileAndTheField()
    {
        var path = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(path, """
            { "name": "Broken", "viewers": 10, "rally": { "title": "Broken", "streams": [ { "id": "stage", "name": "Stage" } ] },
              "beats": [ { "label": "one", "at": "00:00:00", "duration": "00:01:00", "audienceShare": 2, "streamShares": { "stage": 1 } } ] }
            """);

        var (exit, output, error) = await RunAsync("--server", "http://127.0.0.1:1", "--scenario", path);

        Assert.Equal(SimulatorCommand.UsageError, exit);
        Assert.Equal($"{path}: beats[0].audienceShare: must be within 0 and 1, not 2", error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public async Task MissingScenarioFile_ExitsTwo_NamingIt()
    {
        var path = Path.Combine(_directory, "nowhere.json");

        var (exit, _, error) = await RunAsync("--server", "http://127.0.0.1:1", "--scenario", path);

        Assert.Equal(SimulatorCommand.UsageError, exit);
        Assert.Equal($"{path}: the file does not exist", error.Trim());
    }

    [Theory]
    [InlineData(new[] { "--scenario", "x.json" }, "--server is required")]
    [InlineData(new[] { "--server", "not a url", "--scenario", "x.json" }, "--server: 'not a url' is not a URL")]
    [InlineData(new[] { "--server", "ftp://example.invalid", "--scenario", "x.json" }, "the server must be an http:// or https:// URL")]
    [InlineData(new[] { "--server", "http://127.0.0.1:1", "--scenario", "x.json", "--viewers", "many" }, "--viewers: 'many' is not a number")]
    [InlineData(new[] { "--server", "http://127.0.0.1:1", "--scenario", "x.json", "--viewers", "0" }, "viewers must be 1 to 1,000,000, not 0")]
    [InlineData(new[] { "--server", "http://127.0.0.1:1", "--scenario", "x.json", "--speed", "-2" }, "speed must be above 0")]
    [InlineData(new[] { "--server", "http://127.0.0.1:1", "--scenario", "x.json", "--crowd" }, "unknown argument '--crowd'")]
    [InlineData(new[] { "--server", "http://127.0.0.1:1", "--scenario" }, "--scenario needs a value")]
    public async Task BadArguments_ExitTwo_SayingWhatIsWrong_ThenTheUsage(string[] args, string problem)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(SimulatorCommand.UsageError, exit);
        Assert.StartsWith(problem, error, StringComparison.Ordinal);
        Assert.Contains("Usage: RallyLive.Simulator --server URL --scenario FILE", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await SimulatorCommand.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
