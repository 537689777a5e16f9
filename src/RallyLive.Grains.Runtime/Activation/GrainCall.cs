using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime.Activation;

/// <summary>
/// The caller's side of a call that did not complete synchronously: a completion the caller awaits, and
/// the response timeout that fails it with a <see cref="TimeoutException"/>.
/// </summary>
internal class GrainCall<TResult> : GrainRequest
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly GrainMethod _method;
    private readonly GrainId _grainId;
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;

    public GrainCall(GrainMethod method, GrainId grainId, TimeSpan timeout, TimeProvider timeProvider)
        : base(method.Traits)
    {
        _method = method;
        _grainId = grainId;
        _timeout = timeout;
        _timer = timeProvider.CreateTimer(static call => ((GrainCall<TResult>)call!).TimeOut(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    public ValueTask<TResult> Result => new(_completion.Task);

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void Start(ActivationData activation) =>
        throw new InvalidOperationException("A call that has already started cannot be started again.");

    public override void Fail(Exception exception)
    {
        _timer.Dispose();
        _completion.TrySetException(exception);
    }

    /// <summary>Waits for the grain method to finish, frees the activation's turn, then answers the caller.</summary>
    public async Task ObserveAsync(ValueTask<TResult> running, ActivationData activation)
    {
        TResult result;
        try
        {
            result = await running.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activation.OnRequestCompleted(Traits, keepsAlive: true);
            Fail(exception);
            return;
        }

        activation.OnRequestCompleted(Traits, keepsAlive: true);
        _timer.Dispose();
        _completion.TrySetResult(result);
    }

    private void TimeOut() => _completion.TrySetException(
        new TimeoutException($"Call to {_method} on grain {_grainId} did not complete within {_timeout}."));
}

/// <summary>A call that could not run at once and waits in the activation's queue with its arguments.</summary>
internal sealed class QueuedGrainCall<TCall, TResult>(TCall call, GrainMethod method, GrainId grainId, TimeSpan timeout, TimeProvider timeProvider)
    : GrainCall<TResult>(method, grainId, timeout, timeProvider)
    where TCall : struct, IGrainCall<TResult>
{
    public override void Start(ActivationData activation)
    {
        ValueTask<TResult> running;
        try
        {
            running = call.Invoke(activation.GrainInstance);
        }
        catch (Exception exception)
        {
            running = ValueTask.FromException<TResult>(exception);
        }

        _ = ObserveAsync(running, activation);
    }
}
