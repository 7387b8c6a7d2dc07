using System.Xml.Linq;
using TaskRpc.Client.Tests.Infrastructure;

namespace TaskRpc.Client.Tests;

/// <summary>The NuGet packages as a user gets them: packed, then installed from a local feed.</summary>
public sealed class PackageTests(ClientTestServer server, PackageFeed feed) : ClientTestBase(server), IClassFixture<PackageFeed>
{
    [Fact]
    public void Pack_ClientLibrary_HasDocsReadmeAndDependsOnGrpcNetClientAndTheContractOnly()
    {
        var entries = feed.Entries("TaskRpc.Client");
        var dependencies = DependencyIds(feed.Nuspec("TaskRpc.Client"));

        Assert.Contains("lib/net10.0/TaskRpc.Client.dll", entries);
        Assert.Contains("lib/net10.0/TaskRpc.Client.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.Equal(["Grpc.Net.Client", "Grpc.Net.ClientFactory", "TaskRpc.Contracts"], dependencies);
        Assert.DoesNotContain(feed.Nuspec("TaskRpc.Client").Descendants(), e => e.Name.LocalName == "frameworkReference");
    }

    [Fact]
    public void Pack_Contract_HasDocsAndDependsOnProtobufAndGrpcCoreApiOnly()
    {
        var entries = feed.Entries("TaskRpc.Contracts");

        Assert.Contains("lib/net10.0/TaskRpc.Contracts.dll", entries);
        Assert.Contains("lib/net10.0/TaskRpc.Contracts.xml", entries);
        Assert.Equal(["Google.Protobuf", "Grpc.Core.Api"], DependencyIds(feed.Nuspec("TaskRpc.Contracts")));
    }

    [Fact]
    public async Task InstalledTool_VersionAndSubmitWithWait_PrintTheVersionAndTheSucceededJob()
    {
        var tools = Path.Combine(feed.Root, "tools");
        var environment = new Dictionary<string, string>(PackageFeed.DotnetEnvironment)
        {
            // A packages folder of its own: the tool comes from the feed, never from a cache.
            ["NUGET_PACKAGES"] = Path.Combine(feed.Root, "packages"),
            ["TASKRPC_ADDRESS"] = Server.Address.ToString(),
            ["NO_COLOR"] = "1",
        };
        var install = await ExternalCommand.RunAsync(
            Path.Combine(PackageFeed.DotnetRoot, "dotnet"),
            ["tool", "install", "TaskRpc.Cli", "--version", PackageFeed.Version, "--tool-path", tools, "--add-source", feed.Feed],
            environment,
            PackageFeed.CommandPatience);
        Assert.True(install.ExitCode == 0, install.ToString());
        var taskrpc = Path.Combine(tools, "taskrpc");

        var version = await ExternalCommand.RunAsync(taskrpc, ["--version"], environment, ClientTestBase.Patience);
        var submit = await ExternalCommand.RunAsync(
            taskrpc, ["submit", "demo.echo", "--args", """{"x":1}""", "--wait", "--json"], environment, ClientTestBase.Patience);

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(PackageFeed.Version, version.Output.Trim(), StringComparison.Ordinal);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var job = submit.Json();
        Assert.Equal("JOB_STATE_SUCCEEDED", job.GetProperty("state").GetString());
        Assert.Equal(1, job.GetProperty("result").GetProperty("json").GetProperty("x").GetInt32());
    }

    private static List<string> DependencyIds(XDocument nuspec) =>
        nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).Order(StringComparer.Ordinal).ToList();
}
