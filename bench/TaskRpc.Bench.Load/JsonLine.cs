using System.Text;
using System.Text.Json;

namespace TaskRpc.Bench.Load;

/// <summary>Writes a result as one JSON object per line on stdout, for bench/run-all.sh.</summary>
internal static class JsonLine
{
    public static void Write(string mode, IEnumerable<KeyValuePair<string, object>> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("mode", mode);
            foreach (var (key, value) in fields)
            {
                switch (value)
                {
                    case string s: writer.WriteString(key, s); break;
                    case int i: writer.WriteNumber(key, i); break;
                    case long l: writer.WriteNumber(key, l); break;
                    case double d: writer.WriteNumber(key, d); break;
                    case bool b: writer.WriteBoolean(key, b); break;
                    default: writer.WriteString(key, value.ToString()); break;
                }
            }

            writer.WriteEndObject();
        }

        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        Console.Out.Flush();
    }
}
