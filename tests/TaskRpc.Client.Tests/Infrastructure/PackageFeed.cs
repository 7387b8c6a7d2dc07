using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>
/// A temporary local NuGet feed holding the packages <c>dotnet pack</c> makes of the contract, the
/// client library and the taskrpc tool, built from this repository in a build directory of its own
/// (--artifacts-path), so the tests' own build output is untouched. Deleted on dispose.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    /// <summary>The version the packages are packed with: one no registry has.</summary>
    public const string Version = "9.9.9-packtest";

    /// <summary>How long one dotnet command may take on a busy machine before the test gives up.</summary>
    public static readonly TimeSpan CommandPatience = TimeSpan.FromMinutes(8);

    /// <summary>The temporary directory: feed/, artifacts/, and whatever a test puts there.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"taskrpc-pack-{Guid.NewGuid():N}");

    /// <summary>The feed directory (the .nupkg files).</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The directory of the dotnet installation running the tests (DOTNET_ROOT for an installed tool).</summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>Environment for child dotnet commands: no MSBuild or compiler server left running, no banners.</summary>
    public static IReadOnlyDictionary<string, string> DotnetEnvironment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_ROOT"] = DotnetRoot,
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var project in new[] { "protos/TaskRpc.Contracts", "client/TaskRpc.Client", "client/TaskRpc.Cli" })
        {
            var run = await DotnetAsync(
                "pack", RepositoryFiles.Path(project.Split('/')), "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"),
                $"-p:Version={Version}", "-p:UseSharedCompilation=false", "-nodeReuse:false", "-v", "quiet", "-nologo");
            Assert.True(run.ExitCode == 0, $"dotnet pack {project}: {run}");
        }
    }

    /// <summary>Runs <c>dotnet ARGS</c> with <see cref="DotnetEnvironment"/>.</summary>
    public static Task<CliResult> DotnetAsync(params string[] args) =>
        ExternalCommand.RunAsync(Path.Combine(DotnetRoot, "dotnet"), args, DotnetEnvironment, CommandPatience);

    /// <summary>The path of package <paramref name="id"/> in the feed.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>The entries (paths) of package <paramref name="id"/>.</summary>
    public IReadOnlyList<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(PackagePath(id));
        return zip.Entries.Select(entry => entry.FullName).ToList();
    }

    /// <summary>The .nuspec manifest of package <paramref name="id"/>.</summary>
    public XDocument Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(PackagePath(id));
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
