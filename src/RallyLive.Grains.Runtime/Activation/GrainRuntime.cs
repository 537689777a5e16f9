using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RallyLive.Grains.Runtime.Hosting;
using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime.Activation;

/// <summary>
/// The single-node grain runtime: the <see cref="IGrainFactory"/>, the directory of activations (exactly one
/// per grain id), call dispatch, the idle collector and shutdown.
/// </summary>
internal sealed class GrainRuntime : IGrainFactory, IDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainTypeRegistry _types;
    private readonly GrainCollectionOptions _collection;
    private readonly CancellationTokenSource _shutdown = new();
    private ITimer? _collector;
    private volatile bool _stopped;

    public GrainRuntime(IServiceProvider services, TimeProvider timeProvider, IOptions<GrainRuntimeOptions> options,
        IOptions<GrainCollectionOptions> collection, ILogger<GrainRuntime> logger)
    {
        Services = services;
        TimeProvider = timeProvider;
        ResponseTimeout = options.Value.ResponseTimeout;
        _collection = collection.Value;
        Logger = logger;
        _types = GrainTypeRegistry.Load(_collection.CollectionAge);
    }

    public IServiceProvider Services { get; }

    public TimeProvider TimeProvider { get; }

    public TimeSpan ResponseTimeout { get; }

    public TimeSpan DeactivationTimeout => _collection.DeactivationTimeout;

    public ILogger Logger { get; }

    /// <summary>Cancelled when the host stops without waiting any longer; passed to OnActivateAsync and OnDeactivateAsync.</summary>
    public CancellationToken Stopping => _shutdown.Token;

    internal int ActivationCount => _activations.Count;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), primaryKey);

    public IGrain GetGrain(Type grainInterfaceType, string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException($"A key of grain interface {grainInterfaceType?.Name} must not be null or empty.", nameof(key));
        }

        return (IGrain)CreateReference(grainInterfaceType, key, GrainKeyKind.String);
    }

    public IGrain GetGrain(Type grainInterfaceType, Guid key) =>
        (IGrain)CreateReference(grainInterfaceType, GrainExtensions.FormatKey(key), GrainKeyKind.Guid);

    public IGrain GetGrain(Type grainInterfaceType, long key) =>
        (IGrain)CreateReference(grainInterfaceType, GrainExtensions.FormatKey(key), GrainKeyKind.Integer);

    /// <summary>Sends a call to the grain's activation, creating the activation if there is none.</summary>
    public ValueTask<TResult> Invoke<TCall, TResult>(GrainReference reference, TCall call, GrainMethod method)
        where TCall : struct, IGrainCall<TResult>
    {
        var activation = reference.CachedActivation;
        if (activation is null || activation.IsInvalid)
        {
            try
            {
                reference.CachedActivation = activation = GetOrCreateActivation(reference.GrainId);
            }
            catch (InvalidOperationException stopped)
            {
                return ValueTask.FromException<TResult>(stopped);
            }
        }

        return activation.Invoke<TCall, TResult>(call, method);
    }

    /// <summary>Queues a request on the grain's current activation, trying <paramref name="preferred"/> first.</summary>
    public void Dispatch(GrainRequest request, GrainId grainId, ActivationData preferred)
    {
        if (preferred.TryEnqueue(request))
        {
            return;
        }

        while (true)
        {
            ActivationData activation;
            try
            {
                activation = GetOrCreateActivation(grainId);
            }
            catch (InvalidOperationException stopped)
            {
                request.Fail(stopped);
                return;
            }

            if (activation.TryEnqueue(request))
            {
                return;
            }

            _activations.TryRemove(KeyValuePair.Create(grainId, activation));
        }
    }

    public void RemoveActivation(ActivationData activation) =>
        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    public void Start()
    {
        RuntimeLog.Started(Logger, _types.ClassesByGrainType.Count, _types.Interfaces.Count);
        _collector = TimeProvider.CreateTimer(static runtime => ((GrainRuntime)runtime!).CollectIdleActivations(),
            this, _collection.CollectionQuantum, _collection.CollectionQuantum);
    }

    /// <summary>Deactivates every activation, waiting for their OnDeactivateAsync, until <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        _collector?.Dispose();
        await using var registration = cancellationToken.Register(_shutdown.Cancel);
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The host is stopping.");

        // An activation created just before the runtime stopped can appear after the first pass; no new one can after it.
        for (var activations = _activations.Values.ToList(); activations.Count > 0; activations = _activations.Values.ToList())
        {
            foreach (var activation in activations)
            {
                activation.Deactivate(reason);
            }

            try
            {
                await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout has passed: report who is still busy and let the host stop.
                foreach (var busy in activations.Where(a => !a.Deactivated.IsCompleted))
                {
                    RuntimeLog.DeactivationAbandoned(Logger, busy.GrainId);
                }

                return;
            }
        }
    }

    public void Dispose()
    {
        _collector?.Dispose();
        _shutdown.Dispose();
    }

    private void CollectIdleActivations()
    {
        var now = TimeProvider.GetTimestamp();
        foreach (var activation in _activations.Values)
        {
            activation.CollectIfIdle(now);
        }
    }

    private ActivationData GetOrCreateActivation(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var activation))
        {
            return activation;
        }

        if (_stopped)
        {
            throw new InvalidOperationException($"The grain runtime has stopped; grain {grainId} cannot be activated.");
        }

        return _activations.GetOrAdd(grainId, static (id, types) => new ActivationData(types.Runtime, types.Class, id),
            (Runtime: this, Class: _types.ClassesByGrainType[grainId.Type]));
    }

    private GrainReference CreateReference(Type grainInterfaceType, string key, GrainKeyKind keyKind)
    {
        ArgumentNullException.ThrowIfNull(grainInterfaceType);
        if (!_types.Interfaces.TryGetValue(grainInterfaceType, out var grainInterface))
        {
            throw new ArgumentException(
                $"{grainInterfaceType.FullName} (key '{key}') is not a grain interface the runtime knows: it must derive from IGrainWithStringKey, " +
                "IGrainWithGuidKey or IGrainWithIntegerKey in an assembly built with the grain code generator.", nameof(grainInterfaceType));
        }

        if (grainInterface.KeyKind != keyKind)
        {
            throw new ArgumentException(
                $"Grain interface {grainInterfaceType.Name} takes a {grainInterface.KeyKind} key, not a {keyKind} key ('{key}').", nameof(key));
        }

        if (grainInterface.GrainClass is null)
        {
            throw new InvalidOperationException($"{grainInterface.Problem} (grain key '{key}')");
        }

        return grainInterface.CreateReference(this, new GrainId(grainInterface.GrainClass.GrainType, key));
    }
}
