using Spectre.Console;

namespace TaskRpc.Cli.Output;

/// <summary>
/// A table of text cells: a Spectre table on a terminal wide enough for it, whose first
/// <see cref="NoWrapColumns"/> columns (ids, names, states) never wrap and whose later ones wrap
/// only between words; otherwise plain columns aligned with spaces, one row per line, so scripts
/// can cut, grep and awk it and no id is ever broken.
/// </summary>
internal sealed class TextTable(bool showHeaders, params string[] columns)
{
    /// <summary>How many leading columns never wrap on a terminal. Default 1.</summary>
    public int NoWrapColumns { get; init; } = 1;

    private const string Gap = "  ";
    private readonly List<Cell[]> _rows = [];

    public void AddRow(params Cell[] cells) => _rows.Add(cells);

    public void Write(CliStreams streams)
    {
        if (streams.OutputIsTerminal && FitsIn(streams.Console.Profile.Width))
        {
            streams.Console.Write(ToSpectre());
        }
        else
        {
            WritePlain(streams.Output);
        }
    }

    /// <summary>
    /// Whether a Spectre table fits in <paramref name="width"/> columns without breaking a word:
    /// the no-wrap columns at their widest, the others at their longest word, plus the borders
    /// and padding (3 per column, 1 more).
    /// </summary>
    private bool FitsIn(int width)
    {
        var needed = 1;
        for (var i = 0; i < columns.Length; i++)
        {
            var cells = _rows.Select(row => i < row.Length ? row[i].Text : string.Empty).Append(showHeaders ? columns[i] : string.Empty);
            needed += 3 + cells.Max(text => i < NoWrapColumns ? text.Length : LongestWord(text));
        }

        return needed <= width;
    }

    private static int LongestWord(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(word => word.Length).DefaultIfEmpty(0).Max();

    private Table ToSpectre()
    {
        var table = new Table();
        if (!showHeaders)
        {
            table.HideHeaders();
        }

        for (var i = 0; i < columns.Length; i++)
        {
            table.AddColumn(new TableColumn(Markup.Escape(columns[i])) { NoWrap = i < NoWrapColumns });
        }

        foreach (var row in _rows)
        {
            table.AddRow(row.Select(cell => cell.ToMarkup()).ToArray());
        }

        return table;
    }

    private void WritePlain(TextWriter output)
    {
        var lines = _rows.Select(row => row.Select(cell => cell.ToPlain()).ToArray()).ToList();
        if (showHeaders)
        {
            lines.Insert(0, [.. columns.Select(column => column.ToUpperInvariant())]);
        }

        var widths = new int[columns.Length];
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], line[i].Length);
            }
        }

        foreach (var line in lines)
        {
            var text = string.Join(Gap, line.Select((cell, i) => i == line.Length - 1 ? cell : cell.PadRight(widths[i])));
            output.WriteLine(text.TrimEnd());
        }
    }
}
