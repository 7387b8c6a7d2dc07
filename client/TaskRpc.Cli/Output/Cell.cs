using Spectre.Console;

namespace TaskRpc.Cli.Output;

/// <summary>One cell of a <see cref="TextTable"/>: plain text, and a Spectre style (e.g. "green") used only on a terminal.</summary>
internal readonly record struct Cell(string Text, string? Style = null)
{
    public static implicit operator Cell(string text) => new(text);

    /// <summary>The cell as Spectre markup.</summary>
    public string ToMarkup() => Style is null ? Markup.Escape(Text) : $"[{Style}]{Markup.Escape(Text)}[/]";

    /// <summary>The text on one line, for plain output.</summary>
    public string ToPlain() => Text.ReplaceLineEndings(" ");
}
