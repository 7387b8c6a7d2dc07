namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// Where <see cref="PostgresRows"/> writes a row's values, column by column in order: the
/// parameters of one statement (<see cref="PostgresParameterRow"/>) or one row of a bulk
/// statement's column arrays (<see cref="PostgresColumnArrays"/>).
/// </summary>
internal interface IPostgresRow
{
    void Text(string? value);

    void Jsonb(string? value);

    void Int32(int? value);

    void Int64(long? value);

    void Bytea(ReadOnlyMemory<byte>? value);
}
