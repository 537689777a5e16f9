namespace RallyLive.Grains.Runtime.Hosting;

/// <summary>Call behaviour. Bound from the <c>Grains:Runtime</c> configuration section.</summary>
public sealed class GrainRuntimeOptions
{
    public const string SectionName = "Grains:Runtime";

    /// <summary>How long a caller waits for a grain call before it fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Idle collection. Bound from the <c>Grains:Collection</c> configuration section.</summary>
public sealed class GrainCollectionOptions
{
    public const string SectionName = "Grains:Collection";

    /// <summary>How long an activation may sit idle before it is deactivated (per class: <see cref="CollectionAgeLimitAttribute"/>).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations; an idle activation goes within one quantum after its age.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <see cref="Grain.OnDeactivateAsync"/> may run before the activation is closed without it.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
