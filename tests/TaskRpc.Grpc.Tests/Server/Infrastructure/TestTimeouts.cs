namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>Generous bounds for waiting on signals: a failing test fails instead of hanging.</summary>
public static class TestTimeouts
{
    /// <summary>How long to wait for a signal that should arrive almost at once.</summary>
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(10);
}
