using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Client;

/// <summary>Reads statuses and metadata from response headers and trailers.</summary>
internal static class ResponseHeaderReader
{
    /// <summary>Custom metadata from <paramref name="headers"/>; reserved and malformed entries are skipped.</summary>
    public static Metadata ReadMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers.NonValidated)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                try
                {
                    MetadataHeaders.AddReceived(metadata, header.Key, value);
                }
                catch (ArgumentException)
                {
                    // A header that is not valid gRPC metadata (e.g. non-ASCII value): not ours to surface.
                }
                catch (FormatException)
                {
                    // Undecodable base64 in a -bin header.
                }
            }
        }

        return metadata;
    }

    /// <summary>Reads grpc-status and grpc-message; false when there is no grpc-status.</summary>
    public static bool TryReadStatus(HttpHeaders headers, out Status status)
    {
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            status = default;
            return false;
        }

        var message = headers.NonValidated.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? PercentEncoding.Decode(messages.ToString())
            : string.Empty;
        var text = values.ToString();
        status = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? new Status((StatusCode)code, message)
            : new Status(StatusCode.Unknown, $"Unexpected grpc-status value '{text}'. {message}".TrimEnd());
        return true;
    }

    /// <summary>
    /// Checks response headers: the status of a trailers-only response (<paramref name="trailersOnly"/>
    /// true), the status for a response that is not gRPC, or null when messages follow.
    /// </summary>
    public static Status? Validate(HttpResponseMessage response, out bool trailersOnly)
    {
        trailersOnly = TryReadStatus(response.Headers, out var status);
        if (trailersOnly)
        {
            return status;
        }

        if (response.Version < HttpVersion.Version20)
        {
            return new Status(StatusCode.Internal, $"Bad gRPC response. Response protocol downgraded to HTTP/{response.Version.ToString(2)}.");
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Status(
                ClientErrorMapping.FromHttpStatus(response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.");
        }

        var contentType = response.Content.Headers.NonValidated.TryGetValues("content-type", out var types)
            ? types.ToString()
            : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            return new Status(
                StatusCode.Internal,
                contentType is null
                    ? "Bad gRPC response. Response did not have a content-type header."
                    : $"Bad gRPC response. Invalid content-type value: {contentType}.");
        }

        return null;
    }

    /// <summary>The response's message encoding, or null for identity.</summary>
    public static string? ReadEncoding(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues(GrpcProtocol.EncodingHeader, out var values))
        {
            return null;
        }

        var encoding = values.ToString().Trim();
        return encoding.Length == 0 || encoding.Equals(GrpcProtocol.Identity, StringComparison.OrdinalIgnoreCase)
            ? null
            : encoding;
    }
}
