using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Health.V1;
using TaskRpc.Contracts.V1;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>Well-formed request messages with random field values (out-of-range ones included) for each method.</summary>
internal sealed class RandomRequests(Random random)
{
    public const string Service = "/taskrpc.v1.TaskService/";

    /// <summary>Every unary and server-streaming method the fuzz reaches: all of taskrpc.v1, and health's Check.</summary>
    public static readonly string[] Methods =
    [
        Service + "Submit", Service + "Get", Service + "Await", Service + "Wait", Service + "Cancel",
        Service + "StreamProgress", Service + "List", Service + "ListTasks", "/grpc.health.v1.Health/Check",
    ];

    /// <summary>A random message of <paramref name="path"/>'s request type.</summary>
    public IMessage For(string path) => path[(path.LastIndexOf('/') + 1)..] switch
    {
        "Submit" => Submit(),
        "Get" => new GetJobRequest { Id = Id() },
        "Await" => new AwaitJobRequest { Id = Id(), Timeout = MaybeDuration() },
        "Wait" => Wait(),
        "Cancel" => new CancelJobRequest { Id = Id(), Reason = Text() },
        "StreamProgress" => new StreamProgressRequest { Id = Id(), FromSequence = (ulong)random.NextInt64() },
        "List" => List(),
        "ListTasks" => new ListTasksRequest(),
        _ => new HealthCheckRequest { Service = random.Next(2) == 0 ? "taskrpc.v1.TaskService" : Text() },
    };

    /// <summary>A small JSON-shaped value of random kinds.</summary>
    public Value Json(int depth = 0) => random.Next(depth > 3 ? 4 : 6) switch
    {
        0 => Value.ForNumber(random.NextDouble() * random.Next(-1_000_000, 1_000_000)),
        1 => Value.ForString(Text()),
        2 => Value.ForBool(random.Next(2) == 0),
        3 => Value.ForNull(),
        4 => Value.ForList([.. Enumerable.Range(0, random.Next(4)).Select(_ => Json(depth + 1))]),
        _ => Value.ForStruct(Struct(depth)),
    };

    private Struct Struct(int depth)
    {
        var fields = new Struct();
        for (var i = random.Next(4); i > 0; i--)
        {
            fields.Fields[Text()] = Json(depth + 1);
        }

        return fields;
    }

    private SubmitRequest Submit()
    {
        string[] tasks = ["demo.echo", "demo.echo", "demo.fail", "", "no.such.task"];
        var request = new SubmitRequest
        {
            Task = random.Next(8) == 0 ? Text() : tasks[random.Next(tasks.Length)],
            Args = random.Next(4) switch
            {
                0 => null,
                1 => new Payload { Binary = ByteString.CopyFrom(WireFuzz.RandomBytes(random, random.Next(64))) },
                2 => new Payload { Message = new Any { TypeUrl = random.Next(2) == 0 ? string.Empty : Text(), Value = ByteString.CopyFrom(WireFuzz.RandomBytes(random, random.Next(64))) } },
                _ => new Payload { Json = Json() },
            },
            Priority = random.Next(2) == 0 ? random.Next(-1000, 1001) : random.Next(),
            ExecutionTimeout = MaybeDuration(),
            ScheduleToStartTimeout = MaybeDuration(),
            NotBefore = random.Next(6) == 0 ? new Timestamp { Seconds = random.NextInt64(-100_000_000_000, 300_000_000_000), Nanos = random.Next() } : null,
            Delay = random.Next(6) == 0 ? MaybeDuration() : null,
            IdempotencyKey = random.Next(3) == 0 ? Text() : string.Empty,
            Wait = random.Next(3) == 0,
            WaitTimeout = MaybeDuration(),
        };
        if (random.Next(4) == 0)
        {
            request.Retry = new RetryPolicy
            {
                MaxAttempts = random.Next(-5, 200),
                InitialBackoff = MaybeDuration(),
                MaxBackoff = MaybeDuration(),
                BackoffMultiplier = random.NextDouble() * random.Next(-10, 10),
                Jitter = random.NextDouble() * 2,
            };
        }

        for (var i = random.Next(3); i > 0; i--)
        {
            request.Labels[Text()] = Text();
        }

        return request;
    }

    private WaitJobsRequest Wait()
    {
        var request = new WaitJobsRequest { ReturnWhen = (ReturnWhen)random.Next(-2, 6), Timeout = MaybeDuration() };
        request.Ids.Add(Enumerable.Range(0, random.Next(5)).Select(_ => Id()));
        return request;
    }

    private ListJobsRequest List()
    {
        var request = new ListJobsRequest
        {
            State = (JobState)random.Next(-2, 10),
            Task = random.Next(2) == 0 ? string.Empty : Text(),
            PageSize = random.Next(3) == 0 ? random.Next() - (int.MaxValue / 2) : random.Next(0, 50),
            PageToken = random.Next(3) == 0 ? Text() : string.Empty,
        };
        if (random.Next(3) == 0)
        {
            request.Labels[Text()] = Text();
        }

        return request;
    }

    private Duration? MaybeDuration() => random.Next(3) switch
    {
        0 => null,
        1 => new Duration { Seconds = random.Next(0, 3), Nanos = random.Next(0, 1_000_000_000) },
        _ => new Duration { Seconds = random.NextInt64(long.MinValue, long.MaxValue), Nanos = random.Next(int.MinValue, int.MaxValue) },
    };

    private string Id() => random.Next(3) switch
    {
        0 => new Guid(WireFuzz.RandomBytes(random, 16)).ToString(),
        1 => string.Empty,
        _ => Text(),
    };

    /// <summary>Short text, often with characters outside ASCII, control characters and lone surrogates excluded by the encoder.</summary>
    private string Text()
    {
        var chars = new char[random.Next(0, 24)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) == 0 ? (char)random.Next(0x80, 0xD800) : (char)random.Next(0x20, 0x7F);
        }

        return new string(chars);
    }
}
