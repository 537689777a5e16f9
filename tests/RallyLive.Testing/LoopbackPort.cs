using System.Net;
using System.Net.Sockets;

namespace RallyLive.Testing;

/// <summary>Ports on the loopback interface for the servers a test starts.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on now: the system picks it, and it stays free unless another process takes it first.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
