namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PythonInterop => Path.Combine(Root, "tests", "interop", "python");

    public static string NodeInterop => Path.Combine(Root, "tests", "interop", "node");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskRpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"TaskRpc.sln not found above {AppContext.BaseDirectory}.");
    }
}
