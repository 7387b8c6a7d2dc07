using TaskRpc.Engine.Storage;
using TaskRpc.Storage.Sqlite;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>The store contract against <see cref="SqliteJobStore"/>, each test on a fresh temporary file.</summary>
public sealed class SqliteJobStoreTests : JobStoreContractTests, IDisposable
{
    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    protected override IJobStore CreateStore() => _database.Open();
}
