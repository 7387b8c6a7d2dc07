using Grpc.Core;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>Assertions on failed calls.</summary>
internal static class RpcAssert
{
    /// <summary>Asserts <paramref name="call"/> fails with <paramref name="code"/> and a detail containing each of <paramref name="detailParts"/>.</summary>
    public static async Task<RpcException> FailsAsync(StatusCode code, Func<Task> call, params string[] detailParts)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        foreach (var part in detailParts)
        {
            Assert.Contains(part, error.Status.Detail, StringComparison.Ordinal);
        }

        return error;
    }
}
