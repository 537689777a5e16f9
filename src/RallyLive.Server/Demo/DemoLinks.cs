using RallyLive.Simulator.Scenarios;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Server.Demo;

/// <summary>
/// Where to look at a demo rally: the web pages of each role. Keys travel in the fragment (<c>#key=</c>), which
/// browsers never send to the server, so they stay out of its logs.
/// </summary>
public sealed record DemoLinks(string ControlPanel, string ModeratorConsole, string Report, IReadOnlyList<(string Stream, string Url)> ViewerPages)
{
    public static DemoLinks For(Uri server, SimulatedRally rally, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(rally);
        ArgumentNullException.ThrowIfNull(scenario);
        var root = $"{server.GetLeftPart(UriPartial.Authority)}/rallies/{rally.RallyId}";
        var organiser = Uri.EscapeDataString(rally.OrganiserKey);
        return new DemoLinks(
            $"{root}/control#key={organiser}",
            $"{root}/moderate#key={Uri.EscapeDataString(rally.ModeratorKey)}",
            $"{root}/report#key={organiser}",
            [.. scenario.Rally.Streams.Select(s => (s.Name, $"{root}/streams/{s.Id}"))]);
    }
}
