using TaskRpc.Tests.Shared;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>Generous bounds for waits on real signals: a test that hits one has failed, never raced.</summary>
internal static class TestWait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Looks at <paramref name="condition"/> every 10 ms until it holds; fails the test after <see cref="Timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what) => Poll.UntilAsync(condition, Timeout, TimeSpan.FromMilliseconds(10), what);
}
