using System.Text.Json;
using System.Text.Json.Serialization;

namespace RallyLive.Simulator.Scenarios;

/// <summary>Reads scenario files (JSON, camel-case names, times as <c>"hh:mm:ss"</c>) and checks them before anything runs.</summary>
public static class ScenarioFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The scenario in <paramref name="path"/>, or a <see cref="ScenarioException"/> listing every problem found.</summary>
    public static Scenario Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ScenarioException(path, ["the file does not exist"]);
        }

        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), Json);
        }
        catch (JsonException exception)
        {
            throw new ScenarioException(path, [Describe(exception)]);
        }

        if (scenario is null)
        {
            throw new ScenarioException(path, ["the file holds null, not a scenario"]);
        }

        var problems = ScenarioValidator.Problems(scenario);
        return problems.Count == 0 ? scenario : throw new ScenarioException(path, problems);
    }

    /// <summary>"beats[2].at (line 40): …": the field and line from the exception, then what is wrong.</summary>
    private static string Describe(JsonException exception)
    {
        var field = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "the file" : exception.Path.TrimStart('$', '.');
        var line = exception.LineNumber is { } zeroBased ? $" (line {zeroBased + 1})" : string.Empty;
        var what = exception.Message.Split(" Path: ")[0];
        return $"{field}{line}: {what}";
    }
}
