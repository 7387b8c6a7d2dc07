using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace TaskRpc.Storage.PostgreSql;

/// <summary>
/// The rows of a bulk statement as one array per column: each row is written column by column
/// (<see cref="IPostgresRow"/>, after <see cref="NextRow"/>), and the statement reads them back
/// with <c>unnest($1::type[], $2::type[], …)</c>, one parameter per column however many rows.
/// </summary>
internal sealed class PostgresColumnArrays : IPostgresRow
{
    private readonly List<Column> _columns = [];
    private int _next;

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Starts the next row.</summary>
    public void NextRow()
    {
        _next = 0;
        Rows++;
    }

    public void Text(string? value) => Next<string?>(NpgsqlDbType.Text, "text").Values.Add(value);

    public void Jsonb(string? value) => Next<string?>(NpgsqlDbType.Jsonb, "jsonb").Values.Add(value);

    public void Int32(int? value) => Next<int?>(NpgsqlDbType.Integer, "integer").Values.Add(value);

    public void Int64(long? value) => Next<long?>(NpgsqlDbType.Bigint, "bigint").Values.Add(value);

    public void Bytea(ReadOnlyMemory<byte>? value) => Next<byte[]?>(NpgsqlDbType.Bytea, "bytea").Values.Add(value is { } bytes ? Array(bytes) : null);

    /// <summary>
    /// <c>unnest($first::type[], …)</c> over the columns, the parameters numbered from
    /// <paramref name="first"/> (the same text for every batch: a column's type never changes).
    /// </summary>
    public string Unnest(int first) =>
        "unnest(" + string.Join(", ", _columns.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"${first + i}::{c.SqlType}[]"))) + ")";

    /// <summary>How many columns (parameters) a row has.</summary>
    public int Count => _columns.Count;

    /// <summary>Adds one array parameter per column.</summary>
    public void AddTo(NpgsqlParameterCollection parameters)
    {
        foreach (var column in _columns)
        {
            parameters.Add(column.Parameter());
        }
    }

    private Column<T> Next<T>(NpgsqlDbType type, string sqlType)
    {
        if (_next == _columns.Count)
        {
            _columns.Add(new Column<T>(type, sqlType));
        }

        return (Column<T>)_columns[_next++];
    }

    private static byte[] Array(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToArray();

    private abstract class Column(NpgsqlDbType type, string sqlType)
    {
        public NpgsqlDbType Type { get; } = type;

        public string SqlType { get; } = sqlType;

        public abstract NpgsqlParameter Parameter();
    }

    private sealed class Column<T>(NpgsqlDbType type, string sqlType) : Column(type, sqlType)
    {
        public List<T> Values { get; } = [];

        public override NpgsqlParameter Parameter() => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = Values.ToArray() };
    }
}
