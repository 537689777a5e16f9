namespace RallyLive.Simulator.Simulation;

/// <summary>
/// Runs one actor's actions one after another (a viewer's join before its chat), without a task or timer of its own
/// while it has nothing to do: the first action enqueued starts a drain that ends when the queue is empty.
/// </summary>
internal sealed class ActionQueue(Func<PlannedAction, Task> execute, Action<Exception> failed)
{
    private readonly Queue<PlannedAction> _queue = new();
    private readonly Lock _lock = new();
    private bool _draining;
    private int _waiting;

    /// <summary>Actions enqueued and not yet finished.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Enqueue(PlannedAction action)
    {
        Interlocked.Increment(ref _waiting);
        lock (_lock)
        {
            _queue.Enqueue(action);
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        _ = Task.Run(DrainAsync);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            PlannedAction action;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out action))
                {
                    _draining = false;
                    return;
                }
            }

            try
            {
                await execute(action);
            }
#pragma warning disable CA1031 // One failed action must not stop the actor's later ones; the failure is counted.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failed(exception);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }
}
