using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>test.chatty: reports progress as fast as it can, the given number of times.</summary>
internal sealed class ChattyTask : ITaskHandler<int, int>
{
    public ValueTask<int> RunAsync(int reports, TaskContext context)
    {
        IProgress<double> progress = context;
        for (var i = 1; i <= reports; i++)
        {
            progress.Report((double)i / reports);
        }

        return ValueTask.FromResult(reports);
    }
}
