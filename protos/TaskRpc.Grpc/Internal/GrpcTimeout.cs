using System.Globalization;

namespace TaskRpc.Grpc.Internal;

/// <summary>The grpc-timeout header: at most 8 digits and a unit (H M S m u n).</summary>
internal static class GrpcTimeout
{
    /// <summary>Longer timeouts than this mean "no deadline" (and avoid TimeSpan overflow).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(49);

    /// <summary>Parses a header value; an infinite timeout for values beyond <see cref="Max"/>.</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = Timeout.InfiniteTimeSpan;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        double ticksPerUnit = value[^1] switch
        {
            'H' => TimeSpan.TicksPerHour,
            'M' => TimeSpan.TicksPerMinute,
            'S' => TimeSpan.TicksPerSecond,
            'm' => TimeSpan.TicksPerMillisecond,
            'u' => TimeSpan.TicksPerMicrosecond,
            'n' => 0.01,
            _ => -1,
        };
        if (ticksPerUnit < 0)
        {
            return false;
        }

        var ticks = amount * ticksPerUnit;
        if (ticks < Max.Ticks)
        {
            timeout = TimeSpan.FromTicks((long)Math.Ceiling(ticks));
        }

        return true;
    }

    /// <summary>Formats a timeout with the finest unit that fits in 8 digits.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        ReadOnlySpan<(long TicksPerUnit, char Unit)> units =
        [
            (TimeSpan.TicksPerMicrosecond, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (perUnit, unit) in units)
        {
            // Ceiling division without (ticks + perUnit - 1), which overflows near TimeSpan.MaxValue.
            var amount = (ticks / perUnit) + (ticks % perUnit == 0 ? 0 : 1);
            if (amount < 100_000_000)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return "99999999H";
    }
}
