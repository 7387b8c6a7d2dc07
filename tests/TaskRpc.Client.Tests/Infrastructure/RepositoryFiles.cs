namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>Files of the repository the tests were built from (found by walking up to TaskRpc.sln).</summary>
public static class RepositoryFiles
{
    private static readonly string Root = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TaskRpc.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TaskRpc.sln was not found above " + AppContext.BaseDirectory);
    }
}
