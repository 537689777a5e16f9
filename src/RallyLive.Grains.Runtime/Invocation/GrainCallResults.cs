using System.ComponentModel;

namespace RallyLive.Grains.Runtime.Invocation;

/// <summary>Conversions between the grain method's declared return type and the runtime's <see cref="ValueTask{TResult}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainCallResults
{
    public static ValueTask<NoResult> FromTask(Task task) =>
        task.IsCompletedSuccessfully ? default : AwaitAsync(task);

    public static ValueTask<NoResult> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : AwaitAsync(task.AsTask());

    public static ValueTask<TResult> FromTask<TResult>(Task<TResult> task) => new(task);

    public static Task ToTask(ValueTask<NoResult> result) =>
        result.IsCompletedSuccessfully ? Task.CompletedTask : result.AsTask();

    /// <summary>Hands back the grain's own task when there is one, so a Task-returning call allocates no second task.</summary>
    public static Task<TResult> ToTask<TResult>(ValueTask<TResult> result) => result.AsTask();

    public static ValueTask ToValueTask(ValueTask<NoResult> result) =>
        result.IsCompletedSuccessfully ? default : new ValueTask(result.AsTask());

    private static async ValueTask<NoResult> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return default;
    }
}
