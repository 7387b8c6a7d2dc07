using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Tests.Support;
using TaskRpc.Storage.PostgreSql;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>The store contract against <see cref="PostgresJobStore"/> on a real PostgreSQL, one database per class and a fresh schema per test.</summary>
public sealed class PostgresJobStoreTests : JobStoreContractTests, IClassFixture<PostgresJobStoreTests.Database>
{
    private readonly Database _database;

    public PostgresJobStoreTests(Database database) => _database = database;

    protected override IJobStore CreateStore() => _database.Temp.Open();

    /// <summary>The class's database; its stores are disposed when the class's tests are done.</summary>
    public sealed class Database : IDisposable
    {
        internal TempPostgresDatabase Temp { get; } = new();

        public void Dispose() => Temp.Dispose();
    }
}
