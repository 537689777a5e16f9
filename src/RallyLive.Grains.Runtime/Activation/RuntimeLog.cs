using Microsoft.Extensions.Logging;

namespace RallyLive.Grains.Runtime.Activation;

internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Warning, "Grain {GrainId} could not be activated")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(2, LogLevel.Warning, "OnDeactivateAsync of grain {GrainId} failed")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(3, LogLevel.Error, "A timer callback of grain {GrainId} failed")]
    public static partial void TimerCallbackFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(4, LogLevel.Error, "Work posted to grain {GrainId} threw; an async void method in grain code is the usual cause")]
    public static partial void WorkItemFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(5, LogLevel.Error, "State '{StateName}' of grain {GrainId} could not be reloaded after a failed write; the activation is deactivated")]
    public static partial void StateReloadFailed(ILogger logger, Exception exception, GrainId grainId, string stateName);

    [LoggerMessage(6, LogLevel.Information, "Grain runtime started with {GrainClassCount} grain classes and {GrainInterfaceCount} grain interfaces")]
    public static partial void Started(ILogger logger, int grainClassCount, int grainInterfaceCount);

    [LoggerMessage(7, LogLevel.Warning, "Grain {GrainId} was still busy when the host's shutdown timeout passed; it was not deactivated")]
    public static partial void DeactivationAbandoned(ILogger logger, GrainId grainId);
}
