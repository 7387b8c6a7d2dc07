using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Calls about jobs that do not exist or are not named, and other refused job queries.</summary>
public sealed class JobIdErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TaskRpcClient _client = fixture.Client;

    public static TheoryData<string> Operations => ["Get", "Await", "Wait", "Cancel", "StreamProgress"];

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Operation_UnknownJobId_NotFoundNamingTheId(string operation) =>
        RpcAssert.FailsAsync(StatusCode.NotFound, Call(operation, "no-such-job"), "no-such-job");

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Operation_EmptyJobId_InvalidArgument(string operation) =>
        RpcAssert.FailsAsync(StatusCode.InvalidArgument, Call(operation, string.Empty), "id");

    [Fact]
    public Task Wait_NoIds_InvalidArgument() =>
        RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.WaitAsync([], ReturnWhen.AllCompleted), "at least one");

    [Fact]
    public async Task Wait_OneUnknownAmongKnownIds_NotFoundNamingIt()
    {
        var job = await _client.RunAsync("demo.echo", "{}");

        await RpcAssert.FailsAsync(StatusCode.NotFound, () => _client.WaitAsync([job.Id, "missing-one"], ReturnWhen.AllCompleted), "missing-one");
    }

    [Fact]
    public async Task Await_NegativeTimeout_InvalidArgument()
    {
        var job = await _client.RunAsync("demo.echo", "{}");

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.AwaitAsync(job.Id, TimeSpan.FromSeconds(-1)), "timeout", "negative");
    }

    [Fact]
    public async Task Wait_NegativeTimeout_InvalidArgument()
    {
        var job = await _client.RunAsync("demo.echo", "{}");

        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument, () => _client.WaitAsync([job.Id], ReturnWhen.AllCompleted, TimeSpan.FromSeconds(-1)), "timeout", "negative");
    }

    [Theory]
    [InlineData(1001, "", "page_size")]
    [InlineData(-1, "", "page_size")]
    [InlineData(10, "not a token", "page_token")]
    public Task List_BadPaging_InvalidArgument(int pageSize, string pageToken, string field) => RpcAssert.FailsAsync(
        StatusCode.InvalidArgument, () => _client.ListAsync(new ListJobsRequest { PageSize = pageSize, PageToken = pageToken }), field);

    private Func<Task> Call(string operation, string id) => operation switch
    {
        "Get" => () => _client.GetAsync(id),
        "Await" => () => _client.AwaitAsync(id),
        "Wait" => () => _client.WaitAsync([id], ReturnWhen.AllCompleted),
        "Cancel" => () => _client.CancelAsync(id),
        "StreamProgress" => () => _client.ReadEventsAsync(id),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not a job operation."),
    };
}
