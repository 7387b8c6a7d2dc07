using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>
/// contract.hold: arrives at the test's <see cref="ContractGate"/> and waits there to be released.
/// It tells the gate when its token fires; unless it ignores cancellation, it then stops (telling
/// the gate) and throws. Before it returns it tells the gate it has ended.
/// </summary>
internal sealed class HoldTask : ITaskHandler<HoldArgs, HoldResult>
{
    public async ValueTask<HoldResult> RunAsync(HoldArgs args, TaskContext context)
    {
        var token = context.CancellationToken;
        using var gate = await GateClient.ConnectAsync(args.Port, args.Name).ConfigureAwait(false);
        using (token.Register(static g => ((GateClient)g!).Send(GateClient.TokenFired), gate))
        {
            try
            {
                await gate.WaitReleaseAsync(args.IgnoreCancel ? CancellationToken.None : token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                await gate.EndAsync(GateClient.Stopped).ConfigureAwait(false);
                throw;
            }
        }

        await gate.EndAsync(GateClient.Ended).ConfigureAwait(false);
        return new HoldResult(args.Name, token.IsCancellationRequested);
    }
}
