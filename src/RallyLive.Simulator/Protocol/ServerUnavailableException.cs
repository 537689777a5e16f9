namespace RallyLive.Simulator.Protocol;

/// <summary>No RallyLive server answers at <see cref="Server"/>: nothing listens there, or it did not answer in time.</summary>
public sealed class ServerUnavailableException(Uri server, string reason, Exception? inner = null)
    : Exception($"No RallyLive server answers at {server}: {reason}", inner)
{
    public Uri Server { get; } = server;
}
