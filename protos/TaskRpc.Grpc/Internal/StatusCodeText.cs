using System.Globalization;

namespace TaskRpc.Grpc.Internal;

/// <summary>Cached decimal strings of status codes for grpc-status.</summary>
internal static class StatusCodeText
{
    private static readonly string[] Texts = CreateTexts();

    public static string Get(StatusCode code)
    {
        var value = (int)code;
        return (uint)value < (uint)Texts.Length ? Texts[value] : value.ToString(CultureInfo.InvariantCulture);
    }

    private static string[] CreateTexts()
    {
        var texts = new string[17];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
