using Npgsql;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Storage.PostgreSql;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>The group-commit writer's loop on a real PostgreSQL: it outlives a failure of its own error handling.</summary>
public sealed class PostgresWriterTests : IClassFixture<PostgresJobStoreTests.Database>
{
    private readonly PostgresJobStoreTests.Database _database;

    public PostgresWriterTests(PostgresJobStoreTests.Database database) => _database = database;

    [Fact]
    public async Task WriteAsync_ErrorTranslationThrows_ThatBatchFailsWithItAndLaterWritesStillRun()
    {
        await using var store = _database.Temp.Open();
        var bug = new InvalidOperationException("the error translation failed");
        await using var writer = new PostgresWriter(store.DataSource, store.Sql, _ => throw bug, maxBatchSize: 16);

        // XX000 is a store failure, so the writer translates it, and the translation throws.
        var failing = PostgresWrite.Statement("j1", batch => batch.BatchCommands.Add(new NpgsqlBatchCommand("DO $$ BEGIN RAISE EXCEPTION 'boom' USING ERRCODE = 'XX000'; END $$")));
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(failing, CancellationToken.None).WaitAsync(TestWait.Timeout));
        Assert.Same(bug, thrown);

        var later = PostgresWrite.Statement("j2", batch => batch.BatchCommands.Add(new NpgsqlBatchCommand("DO $$ BEGIN END $$")));
        Assert.False(await writer.WriteAsync(later, CancellationToken.None).WaitAsync(TestWait.Timeout)); // It ran (and changed no row).
        Assert.Equal(1, writer.Commits);
    }
}
