namespace RallyLive.Simulator.Scenarios;

/// <summary>A scenario file cannot be used: each problem names the file, the field and what is wrong.</summary>
public sealed class ScenarioException(string file, IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems.Select(problem => $"{file}: {problem}")))
{
    public string File { get; } = file;

    public IReadOnlyList<string> Problems { get; } = problems;
}
