namespace RallyLive.Grains.Runtime;

/// <summary>Overrides <see cref="Hosting.GrainCollectionOptions.CollectionAge"/> for one grain class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public double Days { get; init; }
    public double Hours { get; init; }
    public double Minutes { get; init; }

    public TimeSpan AgeLimit => TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes);
}
