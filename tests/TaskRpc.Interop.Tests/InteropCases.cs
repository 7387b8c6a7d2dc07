namespace TaskRpc.Interop.Tests;

/// <summary>The interop cases (grpc/grpc doc/interop-test-descriptions.md) every client must pass.</summary>
public static class InteropCases
{
    /// <summary>The case names, in the order of the descriptions.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "cancel_after_begin", "cancel_after_first_response", "timeout_on_sleeping_server", "custom_metadata",
        "status_code_and_message", "special_status_message", "unimplemented_method", "unimplemented_service",
        "client_compressed_unary", "server_compressed_unary", "client_compressed_streaming", "server_compressed_streaming",
    ];

    /// <summary>The case names as theory data.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Names)
            {
                data.Add(name);
            }

            return data;
        }
    }
}
