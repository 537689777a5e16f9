using RallyLive.Abstractions.Live;

namespace RallyLive.Grains.Live;

/// <summary>
/// How grains push live signals to connected clients. Grains call it from their turns, so an implementation
/// must not block: it queues and returns. The server's implementation hands each event to the rally's delivery,
/// which reaches every node with clients of the rally.
/// </summary>
public interface IRallyBroadcaster
{
    void Publish(RallyEvent rallyEvent);
}

/// <summary>The broadcaster of a host with no clients: drops everything.</summary>
public sealed class NoClientsBroadcaster : IRallyBroadcaster
{
    public void Publish(RallyEvent rallyEvent)
    {
    }
}
