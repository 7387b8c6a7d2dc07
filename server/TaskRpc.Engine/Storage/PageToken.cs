using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>
/// List page tokens bound to their filter (AIP-158): <c>{last id}.{fingerprint}</c>, the
/// fingerprint 64 bits of SHA-256 over the filter's state, task and labels in a canonical form.
/// A token reused with another filter is refused; the page size may change between pages. The
/// fingerprint is stable across restarts, so a durable store's tokens stay valid.
/// </summary>
internal static class PageToken
{
    private const char Separator = '.';

    /// <summary>The token that continues after <paramref name="lastId"/> under <paramref name="filter"/>.</summary>
    public static string Issue(string lastId, JobFilter filter) => lastId + Separator + Fingerprint(filter);

    /// <summary>The last id a token continues after, or null for none (the first page).</summary>
    /// <exception cref="InvalidSubmissionException">The token is malformed, or was issued for another filter.</exception>
    public static string? Read(string? token, JobFilter filter)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var dot = token.IndexOf(Separator, StringComparison.Ordinal);
        var lastId = dot < 0 ? token : token[..dot];
        if (dot < 0 || !JobIdGenerator.IsWellFormed(lastId))
        {
            throw new InvalidSubmissionException("page_token is not a token this server issued.");
        }

        return string.Equals(token[(dot + 1)..], Fingerprint(filter), StringComparison.Ordinal)
            ? lastId
            : throw new InvalidSubmissionException(
                "page_token was issued for another filter: state, task and labels must stay as they were for the first page (page_size may change).");
    }

    private static string Fingerprint(JobFilter filter)
    {
        var text = new StringBuilder();
        Append(text, filter.State is { } state ? ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
        Append(text, filter.Task ?? string.Empty);
        Append(text, filter.Tenant is { } tenant ? "=" + tenant : string.Empty);
        if (filter.Labels is { } labels)
        {
            foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                Append(text, key);
                Append(text, value);
            }
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return Base64Url.EncodeToString(hash[..8]);
    }

    /// <summary>Length-prefixed, so no two filters share a canonical form.</summary>
    private static void Append(StringBuilder text, string part) =>
        text.Append(part.Length).Append(':').Append(part).Append(';');
}
