namespace RallyLive.Grains.Narratives;

/// <summary>
/// Where the counter-narrative detector's settings (<see cref="Domain.Narratives.NarrativeDetectionOptions"/>, every
/// threshold and window, with its defaults) are read from: <c>RallyLive:Narratives</c>, for example
/// <c>RallyLive__Narratives__WarmUp=00:00:30</c>. Each rally's detector takes them when its grain activates.
/// </summary>
public static class NarrativeSettings
{
    public const string SectionName = "RallyLive:Narratives";
}
