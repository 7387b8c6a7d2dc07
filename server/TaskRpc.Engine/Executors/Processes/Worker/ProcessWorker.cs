using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Executors.Processes.Protocol;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Executors.Processes.Worker;

/// <summary>
/// The worker process's side of the pool: reads runs and cancels from the server, runs the runs
/// one at a time in arrival order with the same task bindings as the server, and writes progress,
/// results, errors and heartbeats back. The end of its input means the server is gone (or the pool
/// is retiring it): <see cref="RunAsync"/> then returns at once, whatever a handler is doing.
/// </summary>
internal sealed class ProcessWorker
{
    private readonly Dictionary<string, ITaskBinding> _bindings = new(StringComparer.Ordinal);
    private readonly Channel<WorkerJob> _queue = Channel.CreateUnbounded<WorkerJob>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentDictionary<ulong, WorkerJob> _jobs = new();
    private readonly ILogger<ProcessWorker> _logger;

    public ProcessWorker(IEnumerable<TaskRegistration> registrations, IServiceScopeFactory scopes, IOptions<EngineOptions> options, ILogger<ProcessWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        foreach (var registration in registrations)
        {
            if (!registration.IsDemo || options.Value.EnableDemoTasks)
            {
                _bindings[registration.Name] = TaskBindings.Create(registration, scopes);
            }
        }
    }

    /// <summary>Serves the server until <paramref name="input"/> ends; returns the process exit code.</summary>
    public async Task<int> RunAsync(Stream input, Stream output, TimeSpan heartbeat, CancellationToken cancellationToken = default)
    {
        var writer = new WorkerFrameWriter(output);
        writer.Send(new WorkerMessage { Ready = new Ready { Pid = Environment.ProcessId } });
        using var heartbeats = TimeProvider.System.CreateTimer(
            static state => ((WorkerFrameWriter)state!).Send(new WorkerMessage { Heartbeat = new Heartbeat { RssBytes = Environment.WorkingSet } }),
            writer,
            heartbeat,
            heartbeat);
        _ = Task.Run(() => ExecuteLoopAsync(writer), CancellationToken.None);
        var reader = new WorkerFrameReader(input);
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                switch (message.BodyCase)
                {
                    case WorkerMessage.BodyOneofCase.Run:
                        var job = new WorkerJob(message.Run, writer);
                        _jobs[job.Run.RunId] = job;
                        _queue.Writer.TryWrite(job);
                        break;
                    case WorkerMessage.BodyOneofCase.Cancel when _jobs.TryGetValue(message.Cancel.RunId, out var cancelled):
                        if (cancelled.Cancel() && _jobs.TryRemove(cancelled.Run.RunId, out _))
                        {
                            writer.Send(WorkerProtocol.ToError(cancelled.Run.RunId, new OperationCanceledException("Cancelled before it started."), cancelled: true));
                        }

                        break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        WorkerLog.InputEnded(_logger, Environment.ProcessId);
        return 0;
    }

    private async Task ExecuteLoopAsync(WorkerFrameWriter writer)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (!job.TryStart())
            {
                continue;
            }

            WorkerMessage reply;
            Exception? failure = null;
            var span = JobTracing.StartWorkerHandler(job.Run);
            try
            {
                if (!_bindings.TryGetValue(job.Run.Task, out var binding))
                {
                    throw new InvalidOperationException($"Task '{job.Run.Task}' is not registered in worker process {Environment.ProcessId}: the worker must be started from the same registrations as the server.");
                }

                var result = await binding.InvokeAsync(WorkerProtocol.ArgsOf(job.Run), job.CreateContext()).ConfigureAwait(false);
                reply = WorkerProtocol.ToResult(job.Run.RunId, result);
            }
            catch (OutOfMemoryException error)
            {
                // A process that ran out of memory is in no state to go on: die like one, and only this worker.
                Environment.FailFast($"TaskRpc worker {Environment.ProcessId} ran out of memory in job {job.Run.JobId}.", error);
                throw;
            }
#pragma warning disable CA1031 // Every handler failure is reported to the server.
            catch (Exception error)
#pragma warning restore CA1031
            {
                failure = error;
                reply = WorkerProtocol.ToError(job.Run.RunId, error, job.IsCancellationRequested);
            }

            JobTracing.End(span, failure);

            _jobs.TryRemove(job.Run.RunId, out _);
            job.Dispose();
            writer.Send(reply);
        }
    }
}
