using System.Net;
using System.Net.Sockets;

namespace Uonet.Access.Sample.Console.Tests.Infrastructure;

public static class Loopback
{
    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
