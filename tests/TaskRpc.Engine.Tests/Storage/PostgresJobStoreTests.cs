using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Storage.PostgreSql;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>The store contract against <see cref="PostgresJobStore"/> on a real PostgreSQL, one database per class and a fresh schema per test.</summary>
public sealed class PostgresJobStoreTests : DurableJobStoreContractTests, IClassFixture<PostgresJobStoreTests.Database>
{
    private readonly Database _database;

    public PostgresJobStoreTests(Database database) => _database = database;

    private string? _schema;

    protected override IJobStore CreateStore()
    {
        var store = _database.Temp.Open();
        _schema = store.Schema;
        return store;
    }

    protected override async ValueTask<IJobStore> ReopenAsync(IJobStore store)
    {
        await ((PostgresJobStore)store).DisposeAsync();
        return _database.Temp.Open(o => o.Schema = _schema!);
    }

    /// <summary>The class's database; its stores are disposed when the class's tests are done.</summary>
    public sealed class Database : IDisposable
    {
        internal TempPostgresDatabase Temp { get; } = new();

        public void Dispose() => Temp.Dispose();
    }
}
