namespace RallyLive.Server.Tests.Cluster;

/// <summary>Calls that a client repeats until a node acknowledges them, as a client does across a node's or Redis' outage.</summary>
public static class Retried
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls until the call is acknowledged or <paramref name="patience"/> has passed (then the last failure is thrown).
    /// Only for calls that may be repeated safely: the same vote, the same timeout, a read.
    /// </summary>
    public static async Task<T> UntilAcknowledgedAsync<T>(Func<Task<T>> call, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(RetryInterval);
            }
        }
    }
}
