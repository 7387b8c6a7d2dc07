namespace TaskRpc.IntegrationTests.Durability;

/// <summary>A database path in a fresh temporary directory, deleted with it at the end.</summary>
internal sealed class TempDatabaseFile : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "taskrpc-durability", Guid.NewGuid().ToString("N"));

    public TempDatabaseFile()
    {
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "jobs.db");
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; the test's outcome does not depend on it.
        }
    }
}
