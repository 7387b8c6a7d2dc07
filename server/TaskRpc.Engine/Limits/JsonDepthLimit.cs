using System.Text.Json;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Limits;

/// <summary>
/// How deep a JSON result may nest: as deep as the server accepts args (32 levels, its
/// ValueJson.MaxRequestDepth), so a job that carries it stays within the protobuf parsers' limit of
/// 100 message levels in every response (a JSON level costs up to 3, the responses wrap the job in
/// up to 3 more). A deeper result would make the job unreadable by every client.
/// </summary>
internal static class JsonDepthLimit
{
    /// <summary>The deepest a JSON value may sit: containers at depths 0 to 31, values at 32.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Whether <paramref name="payload"/> is JSON with a value deeper than <see cref="MaxDepth"/>.
    /// Cheap for most results: fewer than <see cref="MaxDepth"/> brackets cannot nest that deep.
    /// Text that is not valid JSON is not judged here.
    /// </summary>
    public static bool Exceeds(Payload payload)
    {
        if (payload.Kind != PayloadKind.Json)
        {
            return false;
        }

        var json = payload.Data.Span;
        if (json.Count((byte)'[') + json.Count((byte)'{') <= MaxDepth)
        {
            return false;
        }

        // Past MaxDepth + 1 open containers the reader throws, but a value at MaxDepth + 1 comes first.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 2 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndArray or JsonTokenType.EndObject or JsonTokenType.Comment)
                    && reader.CurrentDepth > MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
