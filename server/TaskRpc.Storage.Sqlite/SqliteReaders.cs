using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// Read connections kept open with their hot queries prepared (a job by id, a job's events), so
/// the frequent reads (every Await and Get, every subscription's catch-up) skip opening a pooled
/// connection and preparing the statement each time. At most <see cref="Retained"/> idle readers
/// are kept; a burst opens more and closes the extra ones afterwards. WAL lets each read beside
/// the writer, seeing the last commit.
/// </summary>
internal sealed class SqliteReaders : IDisposable
{
    private const int Retained = 16;
    private readonly ConcurrentBag<SqliteReader> _idle = [];
    private readonly string _connectionString;
    private int _disposed;

    public SqliteReaders(string connectionString) => _connectionString = connectionString;

    /// <summary>The job with the id, or null.</summary>
    public JobSnapshot? GetJob(string jobId)
    {
        var reader = Rent();
        try
        {
            reader.GetJob.Parameters[0].Value = jobId;
            JobSnapshot? job;
            using (var rows = reader.GetJob.ExecuteReader())
            {
                job = rows.Read() ? StoreRows.ReadJob(rows) : null;
            }

            Return(reader); // Only once its rows are closed: then another thread may use it.
            return job;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The job's events from a sequence on, at most <paramref name="maxCount"/>.</summary>
    public List<JobEvent> ReadEvents(string jobId, long fromSequence, int maxCount)
    {
        var reader = Rent();
        try
        {
            var p = reader.ReadEvents.Parameters;
            p[0].Value = jobId;
            p[1].Value = fromSequence;
            p[2].Value = maxCount;
            List<JobEvent> events;
            using (var rows = reader.ReadEvents.ExecuteReader())
            {
                events = SqliteJobStore.ReadAll(rows, StoreRows.ReadEvent);
            }

            Return(reader);
            return events;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, 1);
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private SqliteReader Rent() => _idle.TryTake(out var reader) ? reader : new SqliteReader(_connectionString);

    private void Return(SqliteReader reader)
    {
        if (Volatile.Read(ref _disposed) == 0 && _idle.Count < Retained)
        {
            _idle.Add(reader);
            if (Volatile.Read(ref _disposed) == 1 && _idle.TryTake(out var late))
            {
                late.Dispose(); // Disposed meanwhile: what it drained before this was added goes now.
            }

            return;
        }

        reader.Dispose();
    }
}
