namespace RallyLive.Server.Hosting;

/// <summary>
/// Sizes the runtime's shared array pool for fan-out. SignalR writes each message into a pipe per connection, whose
/// 4 KiB buffer comes from <c>ArrayPool&lt;byte&gt;.Shared</c> and goes back once the socket has taken the bytes. One
/// frame sent to thousands of connections has thousands of those buffers out at once, and the pool keeps only 32 of a
/// size per core: the rest were dropped and allocated again four times a second, and the garbage collector's work
/// (and its finalizer thread's) took a third of the node's CPU at 5,000 viewers (docs/operations.md, "Process settings").
/// The runtime reads the setting once, from the environment, when the pool is first used; so this runs first in
/// <c>Main</c>, and an operator's own value wins.
/// </summary>
public static class SendBufferPool
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Buffers of one size kept per core: enough for a frame to every connection a node holds.</summary>
    public const int ArraysPerCore = 8_192;

    public static void Configure()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Environment.SetEnvironmentVariable(Variable, ArraysPerCore.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
