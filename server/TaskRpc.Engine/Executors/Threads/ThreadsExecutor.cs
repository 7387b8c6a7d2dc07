using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Executors.Threads;

/// <summary>
/// A dedicated, bounded pool of OS threads (<see cref="EngineOptions.Threads"/>) consuming a
/// queue, so blocking handlers never starve the .NET thread pool or Kestrel. The threads start
/// with the first invocation and are background threads: a handler that never returns does not
/// keep the process alive.
/// </summary>
internal sealed class ThreadsExecutor : IJobExecutor, IDisposable
{
    private readonly BlockingCollection<ThreadWorkItem> _queue = new(new ConcurrentQueue<ThreadWorkItem>());
    private readonly ILogger<ThreadsExecutor> _logger;
    private int _started;

    public ThreadsExecutor(IOptions<EngineOptions> options, ILogger<ThreadsExecutor> logger)
    {
        Capacity = options.Value.Threads.MaxConcurrency;
        _logger = logger;
    }

    public ExecutorKind Kind => ExecutorKind.Threads;

    public int Capacity { get; }

    public ValueTask<Payload> ExecuteAsync(JobInvocation invocation)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            StartThreads();
        }

        var item = new ThreadWorkItem(invocation);
        _queue.Add(item);
        return new ValueTask<Payload>(item.Task);
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        if (Volatile.Read(ref _started) == 0)
        {
            _queue.Dispose();
        }
    }

    private void StartThreads()
    {
        for (var i = 0; i < Capacity; i++)
        {
            var thread = new Thread(Work)
            {
                IsBackground = true,
                Name = $"taskrpc-worker-{i + 1}",
            };
            thread.Start();
        }

        EngineLog.ThreadsStarted(_logger, Capacity);
    }

    private void Work()
    {
        try
        {
            foreach (var item in _queue.GetConsumingEnumerable())
            {
                item.Run();
            }
        }
        catch (ObjectDisposedException)
        {
            // The executor was disposed while this thread waited: nothing is left to run.
        }
    }
}
