using TaskRpc.Client;
using TaskRpc.Client.Examples;

// dotnet run --project client/TaskRpc.Client.Examples [-- http://127.0.0.1:50051]: runs every README example.
var address = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("TASKRPC_ADDRESS") ?? "http://127.0.0.1:50051";
using var client = new TaskRpcClient(address);
await GatherExample.RunAsync(client);
await WaitFirstCompletedExample.RunAsync(client);
await FanOutExample.RunAsync(client);
await ThreadsAndProcessesExample.RunAsync(client);
await CancelExample.RunAsync(client);
await WatchProgressExample.RunAsync(client);
