using TaskRpc.Server;

// dotnet run --project server/TaskRpc.Server [-- --port 50051]; with --worker: a process-pool worker.
return await TaskRpcProgram.RunAsync(args).ConfigureAwait(false);
