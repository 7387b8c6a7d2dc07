using System.Text.RegularExpressions;
using TaskRpc.Client.Tests.Infrastructure;

namespace TaskRpc.Client.Tests;

public sealed partial class ReadmeTests
{
    public static TheoryData<string> ExampleFiles => new(Directory.GetFiles(RepositoryFiles.Path("client", "TaskRpc.Client.Examples"), "*Example.cs").Select(System.IO.Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Readme_CompiledExample_AppearsVerbatim(string file)
    {
        var source = File.ReadAllText(RepositoryFiles.Path("client", "TaskRpc.Client.Examples", file));
        var snippet = Snippet().Match(source);
        Assert.True(snippet.Success, $"{file} has no // <readme> ... // </readme> region.");
        var lines = snippet.Groups[1].Value.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        var code = string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));

        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));

        Assert.Contains("```csharp\n" + code + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_ExitCodes_MatchTheCli()
    {
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        var source = File.ReadAllText(RepositoryFiles.Path("client", "TaskRpc.Cli", "ExitCodes.cs"));

        foreach (Match constant in ExitCode().Matches(source))
        {
            Assert.Contains($"| {constant.Groups[2].Value} |", readme, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"// <readme>\r?\n(.*?)^[ \t]*// </readme>", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Snippet();

    [GeneratedRegex(@"public const int (\w+) = (\d+);")]
    private static partial Regex ExitCode();
}
