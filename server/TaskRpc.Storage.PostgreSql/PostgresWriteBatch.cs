using System.Globalization;
using Npgsql;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// One group commit of the <see cref="PostgresWriter"/>: the waiting writes as few statements
/// as they allow, in one round trip and one transaction. The creates become one bulk insert and
/// the transitions one bulk update (their columns as arrays, <see cref="PostgresColumnArrays"/>),
/// so a batch of a hundred jobs' writes costs a few statements, not a hundred; a few writes
/// (fewer than <see cref="BulkFrom"/> of a kind) are a prepared statement each. Writes of one job
/// keep their order: a job's second write in the batch goes into the next round of statements
/// (a job created and ended while its batch waited: the insert, then the update).
/// </summary>
internal sealed class PostgresWriteBatch(PostgresSql sql)
{
    /// <summary>
    /// Fewer creates (or transitions) than this in a round are written one statement each (prepared
    /// statements, planned once per connection); from this many on, one bulk statement (planned for
    /// each batch, as its arrays' lengths change) costs less. Measured (docs/benchmarks.md): bulk
    /// statements from 8 rows on cost PostgreSQL more per job at 16 callers than single ones;
    /// from 64 on, 64 callers lost the bulk statements' gain; 32 did best at 16 and 64 callers.
    /// </summary>
    private const int BulkFrom = 32;

    private string? _createSql;
    private string? _applySql;

    /// <summary>Writes <paramref name="writes"/> in one transaction and completes each with its result; throws (completing none) when it fails.</summary>
    public async Task ExecuteAsync(NpgsqlDataSource dataSource, IReadOnlyList<PostgresWrite> writes)
    {
        await using var batch = dataSource.CreateBatch();
        var applies = 0;
        foreach (var round in Rounds(writes))
        {
            AddCreates(batch, round);
            if (AddTransitions(batch, round, applies))
            {
                applies++;
            }

            foreach (var write in round)
            {
                if (write.Kind == PostgresWriteKind.Statement)
                {
                    write.FirstCommand = batch.BatchCommands.Count;
                    write.Statements!(batch);
                }
            }
        }

        var changed = new HashSet<string>[applies];
        await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
        {
            var next = 0;
            do
            {
                if (reader.FieldCount > 0)
                {
                    var ids = changed[next++] = new HashSet<string>(StringComparer.Ordinal);
                    while (await reader.ReadAsync().ConfigureAwait(false))
                    {
                        ids.Add(reader.GetString(0));
                    }
                }
            }
            while (await reader.NextResultAsync().ConfigureAwait(false));
        }

        foreach (var write in writes)
        {
            write.Complete(write.Kind switch
            {
                PostgresWriteKind.Create => true,
                PostgresWriteKind.Transition when write.InBulkUpdate => changed[write.FirstCommand].Contains(write.JobId),
                _ => batch.BatchCommands[write.FirstCommand].RecordsAffected == 1,
            });
        }
    }

    /// <summary>The writes in rounds that hold at most one write of each job, a job's writes in their order.</summary>
    private static List<List<PostgresWrite>> Rounds(IReadOnlyList<PostgresWrite> writes)
    {
        var rounds = new List<List<PostgresWrite>> { new(writes.Count) };
        var count = new Dictionary<string, int>(writes.Count, StringComparer.Ordinal);
        foreach (var write in writes)
        {
            count.TryGetValue(write.JobId, out var round);
            count[write.JobId] = round + 1;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(write);
        }

        return rounds;
    }

    /// <summary>The round's creates as one statement (the jobs' rows, then all their events), or one statement each when they are few.</summary>
    private void AddCreates(NpgsqlBatch batch, List<PostgresWrite> round)
    {
        if (Count(round, PostgresWriteKind.Create) < BulkFrom)
        {
            foreach (var write in round)
            {
                if (write.Kind == PostgresWriteKind.Create)
                {
                    var row = new PostgresParameterRow(PostgresJobStore.Add(batch, write.Started is null ? sql.InsertJobWithEvent : sql.InsertJobWithTwoEvents));
                    PostgresRows.WriteJob(row, write.Job!);
                    PostgresRows.WriteEvent(row, write.Event!);
                    if (write.Started is { } started)
                    {
                        PostgresRows.WriteEvent(row, started);
                    }
                }
            }

            return;
        }

        PostgresColumnArrays? jobs = null, events = null;
        foreach (var write in round)
        {
            if (write.Kind != PostgresWriteKind.Create)
            {
                continue;
            }

            (jobs ??= new()).NextRow();
            PostgresRows.WriteJob(jobs, write.Job!);
            events ??= new();
            events.NextRow();
            PostgresRows.WriteEvent(events, write.Event!);
            if (write.Started is { } started)
            {
                events.NextRow();
                PostgresRows.WriteEvent(events, started);
            }
        }

        if (jobs is null || events is null)
        {
            return;
        }

        _createSql ??= string.Create(CultureInfo.InvariantCulture,
            $"WITH j AS (INSERT INTO {sql.Schema}.jobs ({string.Join(", ", StoreRows.JobColumns)}) SELECT * FROM {jobs.Unnest(1)}) "
            + $"INSERT INTO {sql.Schema}.events ({string.Join(", ", StoreRows.EventColumns)}) SELECT * FROM {events.Unnest(1 + jobs.Count)}");
        var command = new NpgsqlBatchCommand(_createSql);
        jobs.AddTo(command.Parameters);
        events.AddTo(command.Parameters);
        batch.BatchCommands.Add(command);
    }

    /// <summary>
    /// The round's transitions as one statement that updates each row whose last sequence is the
    /// expected one, inserts the events of those, and returns their ids (the writes that changed
    /// their row). False when the round has none.
    /// </summary>
    private bool AddTransitions(NpgsqlBatch batch, List<PostgresWrite> round, int index)
    {
        if (Count(round, PostgresWriteKind.Transition) < BulkFrom)
        {
            foreach (var write in round)
            {
                if (write.Kind == PostgresWriteKind.Transition)
                {
                    write.FirstCommand = batch.BatchCommands.Count;
                    var row = new PostgresParameterRow(PostgresJobStore.Add(batch, sql.Apply));
                    PostgresRows.WriteTransition(row, write.Job!, write.ExpectedSequence);
                    PostgresRows.WriteEvent(row, write.Event!);
                }
            }

            return false;
        }

        PostgresColumnArrays? rows = null;
        foreach (var write in round)
        {
            if (write.Kind != PostgresWriteKind.Transition)
            {
                continue;
            }

            (rows ??= new()).NextRow();
            PostgresRows.WriteTransition(rows, write.Job!, write.ExpectedSequence);
            PostgresRows.WriteEvent(rows, write.Event!);
            write.FirstCommand = index;
            write.InBulkUpdate = true;
        }

        if (rows is null)
        {
            return false;
        }

        _applySql ??= ApplySql(rows);
        var command = new NpgsqlBatchCommand(_applySql);
        rows.AddTo(command.Parameters);
        batch.BatchCommands.Add(command);
        return true;
    }

    private static int Count(List<PostgresWrite> round, PostgresWriteKind kind)
    {
        var count = 0;
        foreach (var write in round)
        {
            count += write.Kind == kind ? 1 : 0;
        }

        return count;
    }

    /// <summary>The bulk transition: columns c1… are <see cref="StoreRows.TransitionColumns"/>, id, the expected sequence, then <see cref="StoreRows.EventColumns"/>.</summary>
    private string ApplySql(PostgresColumnArrays rows)
    {
        var set = StoreRows.TransitionColumns.Length;
        var columns = string.Join(", ", Enumerable.Range(1, rows.Count).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)));
        var assignments = string.Join(", ", StoreRows.TransitionColumns.Select((c, i) => $"{c} = v.c{i + 1}"));
        var eventValues = string.Join(", ", StoreRows.EventColumns.Select((_, i) => $"v.c{set + 3 + i}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"WITH v AS (SELECT * FROM {rows.Unnest(1)} AS v({columns})), "
            + $"u AS (UPDATE {sql.Schema}.jobs AS j SET {assignments} FROM v WHERE j.id = v.c{set + 1} AND j.last_sequence = v.c{set + 2} RETURNING j.id), "
            + $"e AS (INSERT INTO {sql.Schema}.events ({string.Join(", ", StoreRows.EventColumns)}) SELECT {eventValues} FROM v JOIN u ON u.id = v.c{set + 1}) "
            + $"SELECT id FROM u");
    }
}
