using System.Text.Json;
using System.Text.Json.Serialization;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>
/// JSON conversion of args, results and progress details. Args are strict: camelCase or
/// snake_case property names (case-insensitive), required members and non-nullable constructor
/// parameters enforced, unknown properties rejected, so mistakes surface at submit time.
/// </summary>
internal static class TaskJson
{
    private static readonly JsonSerializerOptions Camel = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly JsonSerializerOptions Snake = new(Camel)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static TArgs DeserializeArgs<TArgs>(Payload args, string taskName)
    {
        if (typeof(TArgs) == typeof(Payload))
        {
            return (TArgs)(object)args;
        }

        if (args.Kind != PayloadKind.Json)
        {
            throw new InvalidSubmissionException($"Task '{taskName}' takes JSON args, not {args.Kind} args.");
        }

        var span = args.Data.Span;
        TArgs? value;
        try
        {
            value = JsonSerializer.Deserialize<TArgs>(span, Camel);
        }
        catch (JsonException camelError) when (span.Contains((byte)'_'))
        {
            try
            {
                value = JsonSerializer.Deserialize<TArgs>(span, Snake);
            }
            catch (JsonException snakeError)
            {
                var best = IsUnmapped(camelError) && !IsUnmapped(snakeError) ? snakeError : camelError;
                throw Invalid(taskName, typeof(TArgs), best);
            }
        }
        catch (JsonException error)
        {
            throw Invalid(taskName, typeof(TArgs), error);
        }

        return value ?? throw new InvalidSubmissionException($"Task '{taskName}' requires args; got JSON null.");
    }

    public static Payload SerializeResult<TResult>(TResult result) => result is Payload payload
        ? payload
        : Payload.WrapJsonUtf8(JsonSerializer.SerializeToUtf8Bytes(result, Camel));

    /// <summary>
    /// A progress report's detail as JSON text; null for none, and for a detail JSON cannot
    /// serialize (a reference cycle, an unsupported type, a property getter that throws): the report keeps its fraction and message,
    /// the handler goes on, wherever it runs.
    /// </summary>
    public static string? SerializeDetail(object? detail)
    {
        try
        {
            return detail switch
            {
                null => null,
                JsonElement element => element.GetRawText(),
                _ => JsonSerializer.Serialize(detail, detail.GetType(), Camel),
            };
        }
#pragma warning disable CA1031 // The detail is the handler's object: whatever its serialization throws (a cycle, an unsupported type, a getter's own exception), the report goes on without it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static bool IsUnmapped(JsonException error) =>
        error.Message.Contains("could not be mapped", StringComparison.Ordinal);

    /// <summary>
    /// A message for the caller: where in the args the problem is and what it is, without the
    /// serializer's position details or our internal type names.
    /// </summary>
    private static InvalidSubmissionException Invalid(string taskName, Type argsType, JsonException error)
    {
        var reason = error.Message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }

        reason = reason.Replace(argsType.FullName ?? argsType.Name, "the args", StringComparison.Ordinal);
        var where = error.Path is null or "$" ? string.Empty : $" at {error.Path}";
        return new($"Invalid args for task '{taskName}'{where}: {reason}", error);
    }
}
