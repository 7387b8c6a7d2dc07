using System.Diagnostics;

namespace TaskRpc.Engine.Diagnostics;

/// <summary>
/// A job's stored trace context as text: the W3C <c>traceparent</c>, then <c>;</c> and the
/// <c>tracestate</c> when there is one (see <see cref="Jobs.JobSnapshot.TraceContext"/>).
/// </summary>
internal static class TraceContextText
{
    /// <summary>The context of <paramref name="activity"/>.</summary>
    public static string Of(Activity activity) => Of(activity.Id!, activity.TraceStateString);

    /// <summary>A traceparent and optional tracestate as one text.</summary>
    public static string Of(string traceParent, string? traceState) =>
        string.IsNullOrEmpty(traceState) ? traceParent : traceParent + ";" + traceState;

    /// <summary>Parses a stored context (a remote one: it came from a caller or another node); false when it is not valid W3C.</summary>
    public static bool TryParse(string? text, out ActivityContext context)
    {
        if (string.IsNullOrEmpty(text))
        {
            context = default;
            return false;
        }

        var split = text.IndexOf(';', StringComparison.Ordinal);
        return split < 0
            ? ActivityContext.TryParse(text, null, isRemote: true, out context)
            : ActivityContext.TryParse(text[..split], text[(split + 1)..], isRemote: true, out context);
    }
}
