using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Runtime.Activation;

namespace RallyLive.Grains.Runtime.Storage;

/// <summary>
/// The runtime's <see cref="IPersistentState{TState}"/>: forwards to a storage provider, turns provider
/// failures into errors naming the grain, and after a failed write reloads the stored state so the grain
/// never keeps changes that storage does not have.
/// </summary>
internal sealed class PersistentState<TState>(string stateName, string storageName, IGrainStorage storage, ActivationData activation)
    : IPersistentState<TState>, IGrainState<TState>, IActivationStateLoader
{
    public TState State { get; set; } = GrainStateDefaults.Create<TState>();

    public string? ETag { get; set; }

    public string? Etag => ETag;

    public bool RecordExists { get; set; }

    public Task LoadAsync() => ReadStateAsync();

    public async Task ReadStateAsync()
    {
        try
        {
            await storage.ReadStateAsync(stateName, activation.GrainId, this);
        }
        catch (Exception exception)
        {
            throw new GrainStorageException("Reading", stateName, activation.GrainId, storageName, exception);
        }
    }

    public Task WriteStateAsync() => ChangeAsync("Writing", storage.WriteStateAsync);

    public Task ClearStateAsync() => ChangeAsync("Clearing", storage.ClearStateAsync);

    private async Task ChangeAsync(string operation, Func<string, GrainId, IGrainState<TState>, Task> change)
    {
        try
        {
            await change(stateName, activation.GrainId, this);
        }
        catch (InconsistentStateException)
        {
            // Another activation wrote this record: take its state, and step aside as Orleans does.
            await ReloadAfterFailureAsync();
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"State '{stateName}' changed in storage."));
            throw;
        }
        catch (Exception exception)
        {
            await ReloadAfterFailureAsync();
            throw new GrainStorageException(operation, stateName, activation.GrainId, storageName, exception);
        }
    }

    private async Task ReloadAfterFailureAsync()
    {
        try
        {
            await storage.ReadStateAsync(stateName, activation.GrainId, this);
        }
        catch (Exception exception)
        {
            // Storage cannot even be read: no later call may see the unstored changes, so end this activation.
            RuntimeLog.StateReloadFailed(activation.Runtime.Logger, exception, activation.GrainId, stateName);
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"State '{stateName}' could not be reloaded.", exception));
        }
    }
}

/// <summary>Creates <see cref="PersistentState{TState}"/> for constructor parameters marked <see cref="PersistentStateAttribute"/>.</summary>
internal static class PersistentStateFactory
{
    public static IPersistentState<TState> Create<TState>(ActivationData activation, PersistentStateAttribute attribute)
    {
        var storageName = attribute.StorageName ?? GrainStorageNames.Default;
        var storage = activation.ActivationServices.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException(
                $"Grain {activation.GrainId} keeps state '{attribute.StateName}' in grain storage '{storageName}', but no storage of that name is registered.");
        var state = new PersistentState<TState>(attribute.StateName, storageName, storage, activation);
        activation.AddStateLoader(state);
        return state;
    }
}

/// <summary>Names of grain storages.</summary>
public static class GrainStorageNames
{
    /// <summary>The storage used by <see cref="PersistentStateAttribute"/> when it names none.</summary>
    public const string Default = "Default";
}

/// <summary>The state a grain starts with when storage has no record.</summary>
public static class GrainStateDefaults
{
    public static T Create<T>() => typeof(T).IsValueType ? default! : Activator.CreateInstance<T>();
}
