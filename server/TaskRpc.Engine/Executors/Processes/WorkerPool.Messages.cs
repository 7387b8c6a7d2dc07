using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TaskRpc.Engine.Executors.Processes.Protocol;

namespace TaskRpc.Engine.Executors.Processes;

/// <content>Reading a worker's messages and handing each to the pool's reaction; a malformed message kills the worker.</content>
internal sealed partial class WorkerPool
{
    private async Task ReadLoopAsync(WorkerProcess worker)
    {
        try
        {
            while (await worker.ReadAsync().ConfigureAwait(false) is { } message)
            {
                worker.LastHeard = _time.GetTimestamp();
                Handle(worker, message);
            }
        }
        catch (Exception error) when (error is InvalidDataException or InvalidProtocolBufferException or JsonException)
        {
            ProcessPoolLog.ProtocolError(_logger, worker.Pid, error);
            if (worker.KillReason is null)
            {
                worker.KillReason = "it sent a malformed message";
                _metrics.WorkerReplaced("protocol_error");
            }

            worker.Kill();
        }
        catch (IOException)
        {
            // Its output broke: it is dying.
        }

        var exitCode = await worker.WaitForExitAsync(_options.StopTimeout, _time).ConfigureAwait(false);
        OnExited(worker, exitCode);
    }

    private void Handle(WorkerProcess worker, WorkerMessage message)
    {
        switch (message.BodyCase)
        {
            case WorkerMessage.BodyOneofCase.Ready:
                OnReady(worker);
                break;
            case WorkerMessage.BodyOneofCase.Progress:
                var progress = message.Progress;
                if (Find(worker, progress.RunId) is { } running)
                {
                    object? detail = progress.DetailJson.Length == 0 ? null : JsonSerializer.Deserialize<JsonElement>(progress.DetailJson);
                    running.Invocation.Context.ReportProgress(progress.Fraction, progress.HasMessage ? progress.Message : null, detail);
                }

                break;
            case WorkerMessage.BodyOneofCase.Result:
                Complete(worker, message.Result.RunId, WorkerProtocol.PayloadOf(message.Result), null);
                break;
            case WorkerMessage.BodyOneofCase.Error:
                Complete(worker, message.Error.RunId, null, WorkerProtocol.ToException(message.Error));
                break;
            case WorkerMessage.BodyOneofCase.Heartbeat:
                OnHeartbeat(worker, message.Heartbeat.RssBytes);
                break;
        }
    }

    private WorkerRun? Find(WorkerProcess worker, ulong runId)
    {
        lock (_gate)
        {
            return worker.InFlight.Find(r => r.Id == runId);
        }
    }
}
