using TaskRpc.Server;

// dotnet run --project server/TaskRpc.Server [-- --port 50051]
var app = TaskRpcServer.Build(args);
await app.RunAsync().ConfigureAwait(false);
