using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime.Activation;

internal enum ActivationStatus
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}

/// <summary>
/// One activation of a grain: its instance, a mailbox that runs its code one piece at a time, and the
/// admission rules that decide when a request may start.
/// </summary>
/// <remarks>
/// The activation is its own <see cref="SynchronizationContext"/>: every await inside grain code resumes
/// through <see cref="Post"/>, so an activation never runs on two threads at once, and reentrant calls
/// interleave only at awaits. A call that finds the activation idle runs inline on the caller's thread (the
/// common, allocation-free path); anything else waits in <see cref="_pending"/> until admitted.
/// </remarks>
internal sealed partial class ActivationData : SynchronizationContext, IThreadPoolWorkItem, IGrainContext
{
    /// <summary>How deep grain-to-grain calls may nest inline on one thread before they go through the mailbox.</summary>
    private const int MaxInlineDepth = 8;

    /// <summary>Work items run per thread-pool visit, so that a busy activation does not starve others.</summary>
    private const int MaxWorkItemsPerVisit = 64;

    [ThreadStatic]
    private static int t_inlineDepth;

    private static long s_lastActivationId;

    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _mailbox = new();
    private readonly LinkedList<GrainRequest> _pending = new();
    private readonly GrainRuntime _runtime;
    private readonly GrainClassInfo _grainClass;

    private volatile ActivationStatus _status;
    private bool _executing;
    private int _runningBlocking;
    private int _runningReadOnly;
    private int _runningInterleaved;
    private int _runningThatKeepAlive;
    private int _pendingThatMayInterleave;

    public ActivationData(GrainRuntime runtime, GrainClassInfo grainClass, GrainId grainId)
    {
        _runtime = runtime;
        _grainClass = grainClass;
        GrainId = grainId;
        ActivationId = Interlocked.Increment(ref s_lastActivationId);
    }

    public GrainId GrainId { get; }

    public long ActivationId { get; }

    public IGrainFactory GrainFactory => _runtime;

    internal bool IsInvalid => _status == ActivationStatus.Invalid;

    private int Running => _runningBlocking + _runningInterleaved;

    /// <summary>Runs a call on this activation: inline when it is idle, otherwise through its queue.</summary>
    public ValueTask<TResult> Invoke<TCall, TResult>(TCall call, GrainMethod method)
        where TCall : struct, IGrainCall<TResult>
    {
        var traits = method.Traits;
        if (!TryEnterInline(traits))
        {
            var queued = new QueuedGrainCall<TCall, TResult>(call, method, GrainId, _runtime.ResponseTimeout, _runtime.TimeProvider);
            _runtime.Dispatch(queued, GrainId, this);
            return queued.Result;
        }

        var previousContext = Current;
        SetSynchronizationContext(this);
        t_inlineDepth++;
        ValueTask<TResult> running;
        try
        {
            running = call.Invoke(GrainInstance);
        }
        catch (Exception exception)
        {
            running = ValueTask.FromException<TResult>(exception);
        }
        finally
        {
            t_inlineDepth--;
            SetSynchronizationContext(previousContext);
        }

        var completed = running.IsCompleted;
        EndInlineTurn(traits, completed);
        if (completed)
        {
            return running;
        }

        var pendingCall = new GrainCall<TResult>(method, GrainId, _runtime.ResponseTimeout, _runtime.TimeProvider);
        _ = pendingCall.ObserveAsync(running, this);
        return pendingCall.Result;
    }

    /// <summary>Puts a request in the queue; false when this activation is gone and the request must go elsewhere.</summary>
    public bool TryEnqueue(GrainRequest request)
    {
        bool schedule;
        lock (_lock)
        {
            if (_status == ActivationStatus.Invalid)
            {
                return false;
            }

            _pending.AddLast(request);
            if (MayInterleave(request.Traits))
            {
                _pendingThatMayInterleave++;
            }

            if (_status == ActivationStatus.Created)
            {
                _status = ActivationStatus.Activating;
                _mailbox.Enqueue(new WorkItem(static state => _ = ((ActivationData)state!).ActivateAsync(), this));
            }
            else
            {
                AdmitPending();
            }

            schedule = ClaimExecutionIfIdle();
        }

        ScheduleIf(schedule);
        return true;
    }

    /// <summary>Called when an admitted request has finished, inline or not.</summary>
    public void OnRequestCompleted(GrainMethodTraits traits, bool keepsAlive)
    {
        bool schedule;
        lock (_lock)
        {
            Release(traits, keepsAlive);
            schedule = ClaimExecutionIfIdle();
        }

        ScheduleIf(schedule);
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            _mailbox.Enqueue(new WorkItem(d, state));
            schedule = ClaimExecutionIfIdle();
        }

        ScheduleIf(schedule);
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException($"Grain {GrainId} runs asynchronously; synchronous Send is not supported.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Drains the mailbox on a thread-pool thread.</summary>
    public void Execute()
    {
        var previousContext = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var i = 0; i < MaxWorkItemsPerVisit; i++)
            {
                WorkItem item;
                lock (_lock)
                {
                    if (!_mailbox.TryDequeue(out item))
                    {
                        _executing = false;
                        return;
                    }
                }

                RunWorkItem(item);
            }

            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        finally
        {
            SetSynchronizationContext(previousContext);
        }
    }

    private bool TryEnterInline(GrainMethodTraits traits)
    {
        lock (_lock)
        {
            var mustQueue = _pending.Count != 0 && (traits & GrainMethodTraits.AlwaysInterleave) == 0;
            if (_executing || mustQueue || t_inlineDepth >= MaxInlineDepth || !CanAdmit(traits))
            {
                return false;
            }

            _executing = true;
            Admit(traits, keepsAlive: true);
            return true;
        }
    }

    private void RunWorkItem(WorkItem item)
    {
        try
        {
            if (item.Request is { } request)
            {
                request.Start(this);
            }
            else
            {
                item.Callback!(item.State);
            }
        }
        catch (Exception exception)
        {
            // Only `async void` grain code or a runtime defect can get here: awaits capture their exceptions in tasks.
            RuntimeLog.WorkItemFailed(_runtime.Logger, exception, GrainId);
        }
    }

    private void EndInlineTurn(GrainMethodTraits traits, bool completed)
    {
        bool schedule;
        lock (_lock)
        {
            _executing = false;
            if (completed)
            {
                Release(traits, keepsAlive: true);
            }

            schedule = ClaimExecutionIfIdle();
        }

        ScheduleIf(schedule);
    }

    private bool CanAdmit(GrainMethodTraits traits)
    {
        // Once deactivation is decided, nothing new starts here: it waits and goes to the next activation.
        if (_status != ActivationStatus.Valid || _deactivationRequested)
        {
            return false;
        }

        if (_runningBlocking == 0 || _grainClass.IsReentrant || (traits & GrainMethodTraits.AlwaysInterleave) != 0)
        {
            return true;
        }

        return (traits & GrainMethodTraits.ReadOnly) != 0 && _runningReadOnly == _runningBlocking;
    }

    private static bool MayInterleave(GrainMethodTraits traits) => traits != GrainMethodTraits.None;

    private void Admit(GrainMethodTraits traits, bool keepsAlive)
    {
        if ((traits & GrainMethodTraits.AlwaysInterleave) != 0)
        {
            _runningInterleaved++;
        }
        else
        {
            _runningBlocking++;
            if ((traits & GrainMethodTraits.ReadOnly) != 0)
            {
                _runningReadOnly++;
            }
        }

        if (keepsAlive)
        {
            _touched = true;
            _runningThatKeepAlive++;
        }
    }

    private void Release(GrainMethodTraits traits, bool keepsAlive)
    {
        if (keepsAlive)
        {
            _runningThatKeepAlive--;
        }

        if ((traits & GrainMethodTraits.AlwaysInterleave) != 0)
        {
            _runningInterleaved--;
        }
        else
        {
            _runningBlocking--;
            if ((traits & GrainMethodTraits.ReadOnly) != 0)
            {
                _runningReadOnly--;
            }
        }

        if (_deactivationRequested && Running == 0)
        {
            StartDeactivation();
        }
        else
        {
            AdmitPending();
        }
    }

    /// <summary>
    /// Starts queued requests, oldest first, that the admission rules allow. A request that may interleave
    /// (read-only or always-interleave) can pass one that must wait, as in Orleans; when none is queued,
    /// the scan stops at the first request that must wait.
    /// </summary>
    private void AdmitPending()
    {
        var node = _pending.First;
        while (node is not null)
        {
            var next = node.Next;
            var request = node.Value;
            if (request.IsAbandoned || CanAdmit(request.Traits))
            {
                _pending.Remove(node);
                if (MayInterleave(request.Traits))
                {
                    _pendingThatMayInterleave--;
                }

                if (!request.IsAbandoned)
                {
                    Admit(request.Traits, request.KeepsAlive);
                    _mailbox.Enqueue(new WorkItem(request));
                }
            }
            else if (_pendingThatMayInterleave == 0)
            {
                return;
            }

            node = next;
        }
    }

    /// <summary>If nobody runs this activation's mailbox and it has work, claims the job; the caller then schedules it.</summary>
    private bool ClaimExecutionIfIdle()
    {
        if (_executing || _mailbox.Count == 0)
        {
            return false;
        }

        _executing = true;
        return true;
    }

    private void ScheduleIf(bool schedule)
    {
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>A mailbox entry: a continuation posted by an await, or an admitted request to start.</summary>
    private readonly struct WorkItem
    {
        public WorkItem(SendOrPostCallback callback, object? state) => (Callback, State) = (callback, state);

        public WorkItem(GrainRequest request) => Request = request;

        public SendOrPostCallback? Callback { get; }

        public object? State { get; }

        public GrainRequest? Request { get; }
    }
}
