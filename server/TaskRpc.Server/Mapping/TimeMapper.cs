using Google.Protobuf.WellKnownTypes;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Server.Mapping;

/// <summary>google.protobuf.Duration and Timestamp across the service edge.</summary>
internal static class TimeMapper
{
    /// <summary>An optional duration; negative values are refused naming the field.</summary>
    public static TimeSpan? ToTimeSpan(Duration? duration, string field)
    {
        if (duration is null)
        {
            return null;
        }

        if (duration.Seconds < 0 || duration.Nanos < 0)
        {
            throw new InvalidSubmissionException($"{field} must not be negative.");
        }

        if (duration.Seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new InvalidSubmissionException($"{field} is too long.");
        }

        return duration.ToTimeSpan();
    }

    public static DateTimeOffset? ToDateTimeOffset(Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            return null;
        }

        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidSubmissionException($"{field} is not a valid timestamp: {ex.Message}");
        }
    }

    public static Timestamp? ToTimestamp(DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    public static Duration? ToDuration(TimeSpan? span) => span is { } value ? Duration.FromTimeSpan(value) : null;
}
