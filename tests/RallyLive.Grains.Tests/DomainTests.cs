namespace RallyLive.Grains.Tests;

/// <summary>
/// A test class on a shared <see cref="DomainCluster"/>. After each test every idle activation is collected, so the
/// grains a test leaves behind (a stream ticking for its viewers, a narrative detector's trend timer) neither tick
/// on when a later test moves the clock nor hold memory until the class ends.
/// </summary>
public abstract class DomainTests : IAsyncLifetime
{
    /// <summary>The class's cluster, as xUnit handed it to the test class.</summary>
    protected abstract DomainCluster Cluster { get; }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => Cluster.CollectIdleActivationsAsync();
}
