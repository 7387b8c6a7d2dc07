using System.CommandLine;
using TaskRpc.Cli.Output;
using TaskRpc.Client;
using Grpc.Core;

namespace TaskRpc.Cli;

/// <summary>
/// Runs a command's body with a client for the chosen server, and turns what can go wrong into
/// a clear message on standard error and an exit code.
/// </summary>
internal sealed class CommandRunner(CliStreams streams)
{
    /// <summary>Sets <paramref name="command"/>'s action to run <paramref name="body"/> through this runner.</summary>
    public Command Bind(Command command, Func<ParseResult, CliContext, CancellationToken, Task<int>> body)
    {
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parseResult, Func<ParseResult, CliContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            var address = CliOptions.ResolveAddress(parseResult.GetValue(CliOptions.Address));
            using var client = new TaskRpcClient(CliOptions.ClientOptions(address, parseResult.GetValue(CliOptions.ApiKey), parseResult.GetValue(CliOptions.Token)));
            var context = new CliContext(client, streams, parseResult.GetValue(CliOptions.Json));
            return await body(parseResult, context, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException exception)
        {
            return Fail(ExitCodes.BadInput, exception.Message);
        }
        catch (TaskRpcTransportException exception)
        {
            return exception.StatusCode switch
            {
                StatusCode.NotFound => Fail(ExitCodes.NotFound, Detail(exception)),
                StatusCode.Unauthenticated => Fail(ExitCodes.Error, $"the server refused the credentials: {Detail(exception)} (use --api-key, --token, ${CliOptions.ApiKeyVariable} or ${CliOptions.TokenVariable})"),
                StatusCode.InvalidArgument or StatusCode.OutOfRange => Fail(ExitCodes.BadInput, Detail(exception)),
                StatusCode.Unavailable => Fail(ExitCodes.Unreachable, $"cannot reach the TaskRpc server at {CliOptions.ResolveAddress(parseResult.GetValue(CliOptions.Address))}: {Detail(exception)}"),
                _ => Fail(ExitCodes.Error, $"{exception.StatusCode}: {Detail(exception)}"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(ExitCodes.Interrupted, "interrupted.");
        }
    }

    private static string Detail(TaskRpcTransportException exception) =>
        exception.InnerException is RpcException rpc && !string.IsNullOrEmpty(rpc.Status.Detail) ? rpc.Status.Detail : exception.Message;

    private int Fail(int exitCode, string message)
    {
        streams.Error.WriteLine("taskrpc: " + message);
        return exitCode;
    }
}
