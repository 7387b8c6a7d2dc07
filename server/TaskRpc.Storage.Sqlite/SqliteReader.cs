using Microsoft.Data.Sqlite;

namespace TaskRpc.Storage.Sqlite;

/// <summary>One open read connection of <see cref="SqliteReaders"/> and its prepared queries.</summary>
internal sealed class SqliteReader : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteReader(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        GetJob = Prepare($"{SqliteSchema.JobSelect} WHERE id = $id", "id");
        ReadEvents = Prepare($"{SqliteSchema.EventSelect} WHERE job_id = $id AND sequence >= $from ORDER BY sequence LIMIT $max", "id", "from", "max");
    }

    public SqliteCommand GetJob { get; }

    public SqliteCommand ReadEvents { get; }

    public void Dispose()
    {
        GetJob.Dispose();
        ReadEvents.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
#pragma warning disable CA2100 // SQL of this store only; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        SqliteRows.AddParameters(command, parameters);
        command.Prepare();
        return command;
    }
}
