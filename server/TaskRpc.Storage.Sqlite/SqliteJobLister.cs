using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Storage.Sqlite;

/// <summary>
/// <see cref="IJobStore.ListAsync"/> for SQLite: newest first by id, state, task and retention
/// filtered in SQL, labels in memory, scanning in chunks until the page is full. The page token is the last
/// id returned, so pages are stable under inserts.
/// </summary>
internal static class SqliteJobLister
{
    private static readonly string Sql =
        $"{SqliteSchema.JobSelect} WHERE ($after IS NULL OR id < $after) AND ($state IS NULL OR state = $state) AND ($task IS NULL OR task = $task) AND ($now IS NULL OR expires_at IS NULL OR expires_at > $now) ORDER BY id DESC LIMIT $limit";

    public static JobPage List(SqliteJobStore store, JobFilter filter, int pageSize, string? pageToken)
    {
        var page = new List<JobSnapshot>(Math.Min(pageSize + 1, 1024));
        var chunk = Math.Min(pageSize + 1, 1000);
        var after = string.IsNullOrEmpty(pageToken) ? null : pageToken;
        while (page.Count <= pageSize)
        {
            var cursor = after;
            var rows = store.Read(
                Sql,
                command =>
                {
                    command.Parameters.AddWithValue("$after", (object?)cursor ?? DBNull.Value);
                    command.Parameters.AddWithValue("$state", filter.State is { } state ? (int)state : DBNull.Value);
                    command.Parameters.AddWithValue("$task", string.IsNullOrEmpty(filter.Task) ? DBNull.Value : filter.Task);
                    command.Parameters.AddWithValue("$now", filter.RetainedAt is { } now ? now.UtcTicks : DBNull.Value);
                    command.Parameters.AddWithValue("$limit", chunk);
                },
                static reader => SqliteJobStore.ReadAll(reader, StoreRows.ReadJob));
            foreach (var job in rows)
            {
                if (filter.Matches(job) && page.Count <= pageSize)
                {
                    page.Add(job);
                }
            }

            if (rows.Count < chunk)
            {
                break;
            }

            after = rows[^1].Id;
        }

        if (page.Count <= pageSize)
        {
            return new JobPage(page, null);
        }

        page.RemoveAt(pageSize);
        return new JobPage(page, page[^1].Id);
    }
}
