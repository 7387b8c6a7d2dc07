using Spectre.Console;

namespace TaskRpc.Cli.Output;

/// <summary>
/// Standard output and standard error, each also as a Spectre console that writes colour and
/// cursor codes only when it is a terminal and NO_COLOR is not set; one that is not a terminal
/// gets wide lines (nothing is wrapped for a script to reassemble).
/// </summary>
internal sealed class CliStreams
{
    /// <summary>The line width of a console that is not a terminal: long lines stay whole.</summary>
    private const int UnwrappedWidth = 4096;

    public CliStreams(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal, bool noColor)
    {
        Output = output;
        Error = error;
        OutputIsTerminal = outputIsTerminal;
        Console = Create(output, outputIsTerminal, noColor);
        ErrorConsole = Create(error, errorIsTerminal, noColor);
    }

    /// <summary>Standard output, for JSON, ids and plain text.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error, for messages about what happened.</summary>
    public TextWriter Error { get; }

    /// <summary>Standard output as a console (tables, markup, the live progress bar).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error as a console.</summary>
    public IAnsiConsole ErrorConsole { get; }

    /// <summary>Whether standard output is a terminal: tables and a live progress bar, else plain aligned text.</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>Whether the live progress bar (cursor codes) may be drawn on standard output.</summary>
    public bool CanAnimate => OutputIsTerminal && Console.Profile.Capabilities.Ansi;

    /// <summary>This process's standard output and error, with NO_COLOR (https://no-color.org) honoured.</summary>
    public static CliStreams ForThisProcess() => new(
        System.Console.Out,
        System.Console.Error,
        !System.Console.IsOutputRedirected,
        !System.Console.IsErrorRedirected,
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    private static IAnsiConsole Create(TextWriter writer, bool isTerminal, bool noColor)
    {
        var codes = isTerminal && !noColor;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = codes ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = codes ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!isTerminal)
        {
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }
}
