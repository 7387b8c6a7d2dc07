using System.Globalization;
using Microsoft.Extensions.Logging;
using TaskRpc.InteropServer;

// dotnet run --project tests/TaskRpc.InteropServer -- --port N
var port = 50052;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--port" && !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port))
    {
        Console.Error.WriteLine($"--port takes a number, not '{args[i + 1]}'.");
        return 2;
    }
}

var app = InteropServerHost.Build(port, LogLevel.Information);
await app.StartAsync().ConfigureAwait(false);
Console.WriteLine($"READY {port}");
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
