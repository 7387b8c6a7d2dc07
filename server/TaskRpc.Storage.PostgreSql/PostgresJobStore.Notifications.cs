using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The store's signals: LISTEN on a connection of its own for the NOTIFYs its triggers and cancel
/// requests send at commit, reconnecting when the connection breaks (a probe every
/// <see cref="ProbeInterval"/> of silence finds a dead one).
/// </summary>
internal sealed partial class PostgresJobStore
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    public async Task ListenAsync(ChannelWriter<StoreSignal> signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var listening = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _listenSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (ParseSignal(e.Payload) is { } signal)
                    {
                        signals.TryWrite(signal);
                    }
                };
                await using (var listen = new NpgsqlCommand(ClusterSql.Listen, connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                listening = true;
                signals.TryWrite(new StoreSignal(StoreSignalKind.Resync));
                while (true)
                {
                    if (!await connection.WaitAsync(ProbeInterval, cancellationToken).ConfigureAwait(false))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        await probe.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Whatever broke the connection, listen again on a new one; the engine polls meanwhile.
            catch (Exception)
#pragma warning restore CA1031
            {
                if (listening)
                {
                    listening = false;
                    signals.TryWrite(new StoreSignal(StoreSignalKind.ListenLost));
                }
            }

            try
            {
                await Task.Delay(ReconnectDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>A NOTIFY payload: <c>q:EXECUTOR</c>, <c>e:SEQUENCE:JOB</c> or <c>c:JOB</c>; null for anything else.</summary>
    internal static StoreSignal? ParseSignal(string payload)
    {
        if (payload.Length < 3 || payload[1] != ':')
        {
            return null;
        }

        var rest = payload.AsSpan(2);
        switch (payload[0])
        {
            case 'q' when int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var executor):
                return new StoreSignal(StoreSignalKind.JobQueued, Executor: (ExecutorKind)executor);
            case 'e':
                var colon = rest.IndexOf(':');
                return colon > 0 && long.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                    ? new StoreSignal(StoreSignalKind.JobChanged, rest[(colon + 1)..].ToString(), sequence)
                    : null;
            case 'c':
                return new StoreSignal(StoreSignalKind.CancelRequested, rest.ToString());
            default:
                return null;
        }
    }
}
