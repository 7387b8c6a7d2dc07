using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using TaskRpc.Engine.Executors.Processes.Protocol;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// The server's side of one worker process: the process, its framed stdin (writer) and stdout
/// (reader), and the runs sent to it in order. Its mutable state is guarded by the pool's lock.
/// </summary>
internal sealed class WorkerProcess
{
    private readonly Process _process;
    private readonly WorkerFrameWriter _writer;
    private readonly WorkerFrameReader _reader;

    private long _lastHeard;

    private WorkerProcess(Process process, long started)
    {
        _process = process;
        _lastHeard = started;
        Pid = process.Id;
        _writer = new WorkerFrameWriter(process.StandardInput.BaseStream);
        _reader = new WorkerFrameReader(process.StandardOutput.BaseStream);
    }

    public int Pid { get; }

    public WorkerState State { get; set; }

    /// <summary>
    /// Runs sent and not finished, oldest first, the order the worker runs them in: the first runs,
    /// or has finished with its result not yet out of the worker; the others wait in the worker.
    /// </summary>
    public List<WorkerRun> InFlight { get; } = [];

    /// <summary>Runs finished by this worker.</summary>
    public int Completed { get; set; }

    /// <summary>Set when it reports Ready; faulted when it dies before.</summary>
    public TaskCompletionSource ReadySignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the pool has handled its exit.</summary>
    public TaskCompletionSource Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A replacement has been started for it (when it was retired or killed).</summary>
    public bool Replaced { get; set; }

    /// <summary>Held back for a suspect waiting in the pool: it finishes its runs and takes no new ones.</summary>
    public bool Reserved { get; set; }

    /// <summary>The suspect it runs alone (quarantine): it takes no other run until that one ends.</summary>
    public WorkerRun? Quarantined { get; set; }

    /// <summary>The run the pool killed it for (a cancel ignored past its grace period), if it did.</summary>
    public WorkerRun? Culprit { get; set; }

    /// <summary>Why the pool killed it, if it did.</summary>
    public string? KillReason { get; set; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of its last message (or of its start).</summary>
    public long LastHeard
    {
        get => Volatile.Read(ref _lastHeard);
        set => Volatile.Write(ref _lastHeard, value);
    }

    /// <summary>Starts a worker process with the pipes redirected (stderr is inherited, for its logs).</summary>
    public static WorkerProcess Start(WorkerLaunch launch, ProcessPoolOptions options, TimeProvider time)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment[WorkerLaunch.HeartbeatVariable] = ((long)options.HeartbeatInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        if (options.WorkerHeapHardLimitBytes > 0)
        {
            info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + options.WorkerHeapHardLimitBytes.ToString("x", CultureInfo.InvariantCulture);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"'{launch}' did not start.");
        return new WorkerProcess(process, time.GetTimestamp());
    }

    /// <summary>Queues a frame for the worker; false when its pipe is closed.</summary>
    public bool Send(IOutgoingFrame frame) => _writer.Send(frame);

    /// <summary>The worker's next message; null at the end of its output.</summary>
    public ValueTask<WorkerMessage?> ReadAsync() => _reader.ReadAsync();

    /// <summary>Closes the worker's stdin: it exits once it reads the end.</summary>
    public void CloseInput() => _writer.Complete();

    /// <summary>Kills the worker and its descendants at once.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception error) when (error is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It has exited already.
        }
    }

    /// <summary>Waits for the process to exit (killing it after <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, TimeProvider time)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        CloseInput();
        var code = _process.ExitCode;
        _process.Dispose();
        return code;
    }
}
