namespace RallyLive.Grains.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>The host is stopping.</summary>
    ShuttingDown,

    /// <summary>Idle for longer than its collection age.</summary>
    ActivationIdle,

    /// <summary>The grain called DeactivateOnIdle.</summary>
    ApplicationRequested,

    /// <summary>Its state changed in storage behind its back, or could not be reloaded after a failed write.</summary>
    ApplicationError,
}

/// <summary>The reason passed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description, Exception? Exception = null)
{
    public override string ToString() => Exception is null ? $"{ReasonCode}: {Description}" : $"{ReasonCode}: {Description} ({Exception.Message})";
}
