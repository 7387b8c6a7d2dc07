namespace TaskRpc.Engine.Tests.Support;

/// <summary>Generous bounds for waits on real signals: a test that hits one has failed, never raced.</summary>
internal static class TestWait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
}
