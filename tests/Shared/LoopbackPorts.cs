using System.Net;
using System.Net.Sockets;

namespace TaskRpc.Tests.Shared;

/// <summary>Ports on 127.0.0.1 for the servers a test starts, and for addresses nothing answers.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A port free now: the system picks it and it is released at once, so the server meant for it
    /// should bind it soon (another process may take it meanwhile, and that server then fails to start).
    /// </summary>
    public static int Free()
    {
        using var socket = Bind(0)!;
        return socket.Port();
    }

    /// <summary>
    /// A socket bound to a loopback port without listening: while it is held, a connection to
    /// <see cref="Port"/> is refused and no other process can take the port. A port merely released
    /// could be taken by the next server any test starts.
    /// </summary>
    public static Socket Refusing() => Bind(0)!;

    /// <summary>The port of a socket from <see cref="Refusing"/>.</summary>
    public static int Port(this Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    /// <summary>A free port whose successor is free too (for scripts that number ports from a base).</summary>
    public static int FreePair()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var first = Bind(0)!;
            var port = first.Port();
            if (port >= IPEndPoint.MaxPort)
            {
                continue;
            }

            using var second = Bind(port + 1);
            if (second is not null)
            {
                return port;
            }

            if (attempt == 100)
            {
                throw new InvalidOperationException("No two adjacent free loopback ports in 100 tries.");
            }
        }
    }

    private static Socket? Bind(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch (SocketException) when (port != 0)
        {
            socket.Dispose();
            return null; // Taken.
        }
    }
}
