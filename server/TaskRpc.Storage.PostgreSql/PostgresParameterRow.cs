using Npgsql;
using NpgsqlTypes;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>A row written as the next positional parameters of one statement.</summary>
internal readonly struct PostgresParameterRow(NpgsqlParameterCollection parameters) : IPostgresRow
{
    public void Text(string? value) => parameters.Add(PostgresRows.Text(value));

    public void Jsonb(string? value) => parameters.Add(PostgresRows.Jsonb(value));

    public void Int32(int? value) => parameters.Add(PostgresRows.Int32(value));

    public void Int64(long? value) => parameters.Add(PostgresRows.Int64(value));

    public void Bytea(ReadOnlyMemory<byte>? value) =>
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = value is { } bytes ? bytes : DBNull.Value });
}
