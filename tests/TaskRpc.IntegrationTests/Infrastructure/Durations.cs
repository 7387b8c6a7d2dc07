using Google.Protobuf.WellKnownTypes;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>Short ways to write google.protobuf.Duration values.</summary>
internal static class Durations
{
    public static Duration Ms(double milliseconds) => Duration.FromTimeSpan(TimeSpan.FromMilliseconds(milliseconds));

    public static Duration Seconds(double seconds) => Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));
}
