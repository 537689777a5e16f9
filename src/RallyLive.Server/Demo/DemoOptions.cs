namespace RallyLive.Server.Demo;

/// <summary>The built-in demo: rallies from scenario files, driven by the crowd simulator. Bound from <c>RallyLive:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "RallyLive:Demo";

    /// <summary>Whether the server runs the demo once it is listening (<c>dotnet run</c> turns it on in launchSettings.json).</summary>
    public bool Enabled { get; set; }

    /// <summary>Scenario files, relative to the server's folder or absolute; by default the two rallies of the smile-equity movement.</summary>
    public List<string> Scenarios { get; set; } = [];

    /// <summary>The crowd of each rally; null for each scenario's own (a few hundred).</summary>
    public int? Viewers { get; set; }

    /// <summary>How many times faster than real time the scenarios play.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>The seed of the simulated crowd's choices.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>How often the terminal gets a progress line.</summary>
    public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The scenarios played when <see cref="Scenarios"/> names none: they ship beside the simulator.</summary>
    internal static readonly string[] BuiltIn = ["Scenarios/true-smile.json", "Scenarios/smile-exchange.json"];
}
