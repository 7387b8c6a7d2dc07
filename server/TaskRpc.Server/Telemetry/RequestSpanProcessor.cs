using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;

namespace TaskRpc.Server.Telemetry;

/// <summary>
/// Completes ASP.NET Core's own request span (ActivitySource <c>Microsoft.AspNetCore</c>, which
/// Kestrel starts when it is listened to) as a gRPC server span, at its end and before the
/// exporter sees it: named <c>package.Service/Method</c>, with <c>rpc.system</c>,
/// <c>rpc.service</c>, <c>rpc.method</c> and <c>rpc.grpc.status_code</c> (an integer) in place of
/// grpc-dotnet's own <c>grpc.method</c> and <c>grpc.status_code</c> (a string), and error status for
/// a server-side failure (UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE,
/// DATA_LOSS), as OpenTelemetry's gRPC conventions and its ASP.NET Core instrumentation have them.
/// This replaces OpenTelemetry.Instrumentation.AspNetCore for the request span: no
/// DiagnosticListener events per request, no URL, host and user-agent attributes (the span's
/// OTLP bytes per Submit fell from 887 to 608). Requests that are not gRPC calls are named by
/// <see cref="RequestSpanMiddleware"/> at their start.
/// </summary>
internal sealed class RequestSpanProcessor : BaseProcessor<Activity>
{
    /// <summary>The ActivitySource ASP.NET Core starts its request spans on.</summary>
    public const string HostingSource = "Microsoft.AspNetCore";

    private const string MethodTag = "grpc.method";
    private const string StatusCodeTag = "grpc.status_code";
    private const string RpcStatusCodeTag = "rpc.grpc.status_code";

    /// <summary>The gRPC status codes 0 to 16, boxed once: the status attribute allocates nothing.</summary>
    private static readonly object[] StatusCodes = [.. Enumerable.Range(0, 17).Select(static code => (object)code)];

    /// <summary>The most methods whose names are kept (the service's methods are a few dozen; a caller's unknown names must not grow the cache).</summary>
    private const int MaxCachedMethods = 256;

    /// <summary>The names of each method seen, by grpc-dotnet's <c>grpc.method</c>.</summary>
    private readonly ConcurrentDictionary<string, MethodNames> _methods = new(StringComparer.Ordinal);

    public override void OnEnd(Activity data)
    {
        if (data.Kind != ActivityKind.Server || data.Source.Name != HostingSource)
        {
            return;
        }

        string? method = null, status = null;
        foreach (var tag in data.EnumerateTagObjects())
        {
            if (tag.Key == MethodTag)
            {
                method = tag.Value as string;
            }
            else if (tag.Key == StatusCodeTag)
            {
                status = tag.Value as string;
            }
        }

        if (method is null)
        {
            return;
        }

        if (!_methods.TryGetValue(method, out var names))
        {
            names = MethodNames.Of(method);
            if (_methods.Count < MaxCachedMethods)
            {
                _methods.TryAdd(method, names);
            }
        }

        // grpc-dotnet's own two tags give way to the conventions' names, as in OpenTelemetry's
        // instrumentation: the method is the span's name, rpc.service and rpc.method; the status an integer.
        data.DisplayName = names.Display;
        data.SetTag(MethodTag, null).SetTag(StatusCodeTag, null);
        data.AddTag("rpc.system", "grpc").AddTag("rpc.service", names.Service).AddTag("rpc.method", names.Method);
        if (int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && (uint)code < (uint)StatusCodes.Length)
        {
            data.AddTag(RpcStatusCodeTag, StatusCodes[code]);
            if (code is 2 or 4 or 12 or 13 or 14 or 15)
            {
                data.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>A method's span name (<c>package.Service/Method</c>), service and method.</summary>
    private sealed record MethodNames(string Display, string Service, string Method)
    {
        public static MethodNames Of(string fullName)
        {
            var display = fullName.TrimStart('/');
            var slash = display.LastIndexOf('/');
            return slash < 0 ? new(display, display, display) : new(display, display[..slash], display[(slash + 1)..]);
        }
    }
}
