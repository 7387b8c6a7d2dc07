using System.CommandLine;
using Spectre.Console;
using TaskRpc.Cli.Output;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary>
/// <c>taskrpc top [--once] [--interval SECONDS]</c>: a live view of the server's overview (GetStats),
/// redrawn every interval until Ctrl-C (exit code 130, as for every command); <c>--once</c> prints one frame (rates over one interval)
/// and exits, with <c>--json</c> the GetStats answer.
/// </summary>
internal static class TopCommand
{
    public static Command Create(CommandRunner runner)
    {
        var once = new Option<bool>("--once") { Description = "Print one frame and exit" };
        var interval = new Option<double>("--interval") { Description = "Seconds between frames (default 1)", DefaultValueFactory = _ => 1 };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (>= 0.1 and <= 3600))
            {
                result.AddError("--interval must be 0.1 to 3600 seconds.");
            }
        });
        return runner.Bind(new Command("top", "A live view of the server: jobs/s, queues, running jobs, failures, workers") { once, interval }, async (parse, context, cancellationToken) =>
        {
            var address = CliOptions.ResolveAddress(parse.GetValue(CliOptions.Address)).ToString();
            var period = TimeSpan.FromSeconds(parse.GetValue(interval));
            var before = await context.Client.GetStatsAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(once))
            {
                await Task.Delay(period, cancellationToken).ConfigureAwait(false);
                var now = await context.Client.GetStatsAsync(cancellationToken).ConfigureAwait(false);
                context.Jobs.Write(now, () => context.Console.Write(TopFrame.Render(address, now, before)));
                return ExitCodes.Succeeded;
            }

            await RunLiveAsync(context, address, period, before, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }

    private static async Task RunLiveAsync(CliContext context, string address, TimeSpan period, GetStatsResponse first, CancellationToken cancellationToken)
    {
        var before = first;
        async Task<GetStatsResponse> NextAsync()
        {
            await Task.Delay(period, cancellationToken).ConfigureAwait(false);
            return await context.Client.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!context.Streams.CanAnimate)
        {
            while (true)
            {
                var now = await NextAsync().ConfigureAwait(false);
                context.Console.Write(TopFrame.Render(address, now, before));
                before = now;
            }
        }

        await context.Console.Live(TopFrame.Render(address, first, null)).StartAsync(async live =>
        {
            while (true)
            {
                var now = await NextAsync().ConfigureAwait(false);
                live.UpdateTarget(TopFrame.Render(address, now, before));
                before = now;
            }
        }).ConfigureAwait(false);
    }
}
