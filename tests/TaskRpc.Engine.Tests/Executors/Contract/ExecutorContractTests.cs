using System.Text.Json;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;
using TaskRpc.Engine.Tests.Support;
using Xunit.Sdk;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>
/// What every executor must guarantee, driven through <see cref="IJobExecutor"/> and, where only
/// the engine can say it, through <see cref="IJobEngine"/> with that executor; each executor adds
/// a subclass. Where executors differ by design, a capability property says how, and the test
/// asserts each side. The handlers are the contract tasks (<see cref="ContractTasks"/>), which
/// run the same in this process and in a worker process, and signal through a
/// <see cref="ContractGate"/>: the tests wait on those signals, never on time.
/// </summary>
public abstract partial class ExecutorContractTests : IAsyncLifetime
{
    private ExecutorHost? _host;

    /// <summary>
    /// Whether the executor itself keeps to <see cref="IJobExecutor.Capacity"/> when handed more
    /// (else the scheduler is what never hands it more).
    /// </summary>
    protected virtual bool BoundsItsOwnCapacity => true;

    /// <summary>How many handlers run at once when the executor has <see cref="IJobExecutor.Capacity"/> invocations.</summary>
    protected virtual int HandlersAtOnce => Executor.Capacity;

    /// <summary>Whether a handler that ignores its cancellation is stopped anyway (after a grace period), or runs to its end.</summary>
    protected virtual bool StopsHandlersThatIgnoreCancel => false;

    private protected abstract ExecutorKind Kind { get; }

    private protected ExecutorHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    private protected IJobExecutor Executor => Host.Executor;

    private protected ContractGate Gate { get; } = new();

    public async Task InitializeAsync() => _host = await ExecutorHost.StartAsync(Kind, Configure);

    public async Task DisposeAsync()
    {
        await Gate.DisposeAsync(); // Releases every handler still waiting, wherever it runs.
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(PayloadKind.Json)]
    [InlineData(PayloadKind.Binary)]
    [InlineData(PayloadKind.Message)]
    public async Task ExecuteAsync_EchoHandler_ResultIsItsArgsByteForByte(PayloadKind kind)
    {
        var args = kind switch
        {
            PayloadKind.Binary => Payload.FromBinary([0, 1, 2, 0xFF, 0, 0x80, (byte)'\n', (byte)'\r']),
            PayloadKind.Message => Payload.FromMessage("type.googleapis.com/google.protobuf.StringValue", [0x0A, 0x03, (byte)'a', (byte)'b', (byte)'c']),
            _ => Payload.FromJson("""{ "text": "h\u00e9llo \"w\u00f6rld\" ✓", "big": 9007199254740993, "list": [1, 2.50, null, true] }"""),
        };

        var result = await Executor.ExecuteAsync(Host.Invocation(ContractTasks.Echo, args)).AsTask().WaitAsync(TestWait.Timeout);

        Assert.Equal(args, result);
    }

    [Fact]
    public async Task ExecuteAsync_TypedArgs_HandlerSeesArgsAndContextUnchanged()
    {
        const string text = "ünïcödé \"quoted\" \\ tab\t line\n ✓ 𝄞";
        var labels = new Dictionary<string, string> { ["team"] = "blue", ["ключ"] = "значение" };
        var invocation = Host.Invocation(
            ContractTasks.Describe,
            Json(new DescribeArgs(text, [long.MinValue, -1, 0, long.MaxValue], 0.1, true)),
            labels: labels,
            attempt: 3);

        var result = await Executor.ExecuteAsync(invocation).AsTask().WaitAsync(TestWait.Timeout);

        var seen = JsonSerializer.Deserialize<DescribeResult>(result.GetJsonText(), JsonSerializerOptions.Web)!;
        Assert.Equal(text, seen.Text);
        Assert.Equal(new long[] { long.MinValue, -1, 0, long.MaxValue }, seen.Numbers);
        Assert.Equal(0.1, seen.Real);
        Assert.True(seen.Flag);
        Assert.Equal(invocation.Context.JobId, seen.JobId);
        Assert.Equal(ContractTasks.Describe, seen.Task);
        Assert.Equal(3, seen.Attempt);
        Assert.Equal(labels.OrderBy(l => l.Key, StringComparer.Ordinal), seen.Labels.OrderBy(l => l.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentInvocations_EachGetsItsOwnResult()
    {
        var texts = Enumerable.Range(0, 4 * Executor.Capacity).Select(i => $"invocation {i}").ToList();

        var results = await Task.WhenAll(texts.Select(text =>
            Executor.ExecuteAsync(Host.Invocation(ContractTasks.Describe, Json(new DescribeArgs(text, [text.Length], 0, false)))).AsTask()))
            .WaitAsync(TestWait.Timeout);

        Assert.Equal(texts, results.Select(r => JsonSerializer.Deserialize<DescribeResult>(r.GetJsonText(), JsonSerializerOptions.Web)!.Text));
    }

    [Fact]
    public async Task ExecuteAsync_HandlerThrows_FailsWithTheHandlersExceptionTypeAndMessage()
    {
        const string message = "boom: ünïcode \"quoted\"\nsecond line";

        var error = await FailureOf(Executor.ExecuteAsync(Host.Invocation(ContractTasks.Throw, Json(new ThrowArgs(message)))));

        Assert.Equal(new ReportedError(JobErrorCodes.Unknown, typeof(ContractHandlerException).FullName, message, Retryable: true), ReportedError.Of(error));
    }

    [Fact]
    public async Task ExecuteAsync_ArgsTheHandlerCannotRead_FailsAsInvalidArgumentNotRetried()
    {
        var error = await FailureOf(Executor.ExecuteAsync(Host.Invocation(ContractTasks.Throw, Payload.FromJson("""{"unknown": 1}"""))));

        var reported = ReportedError.Of(error);
        Assert.Equal(JobErrorCodes.InvalidArgument, reported.Code);
        Assert.Contains("Invalid args for task 'contract.throw'", reported.Message, StringComparison.Ordinal);
        Assert.False(reported.Retryable);
    }

    /// <summary>Sets the executor's capacity small, and whatever else it needs to run the contract tasks.</summary>
    private protected abstract void Configure(EngineOptions options);

    private protected static Payload Json<T>(T value) => Payload.FromJson(JsonSerializer.Serialize(value, JsonSerializerOptions.Web));

    private protected static T Read<T>(Payload payload) => JsonSerializer.Deserialize<T>(payload.GetJsonText(), JsonSerializerOptions.Web)!;

    /// <summary>The exception an execution fails with; fails the test if it succeeds.</summary>
    private protected static async Task<Exception> FailureOf(ValueTask<Payload> execution)
    {
        Payload result;
        try
        {
            result = await execution.AsTask().WaitAsync(TestWait.Timeout);
        }
        catch (Exception error) when (error is not TimeoutException)
        {
            return error;
        }

        throw new XunitException($"The invocation succeeded with {result}; it should have failed.");
    }

    private protected Payload HoldArgs(string name, bool ignoreCancel = false) => Json(new HoldArgs(Gate.Port, name, ignoreCancel));
}
