namespace TaskRpc.Engine.Jobs;

/// <summary>A point in time as UTC ticks in a <see cref="long"/>, with <see cref="None"/> for null: the compact form of <see cref="JobSnapshot"/>'s times.</summary>
internal static class UtcTicks
{
    /// <summary>No time (null); outside the range of <see cref="DateTimeOffset"/>.</summary>
    public const long None = long.MinValue;

    public static long From(DateTimeOffset? time) => time?.UtcTicks ?? None;

    public static DateTimeOffset? ToTime(long ticks) => ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
