using TaskRpc.Engine.Jobs;

/// <summary>Per-job stage times from the job's own timestamps (ms): submit→start, start→finish, finish→Await returned, total.</summary>
internal sealed class Stages(int capacity)
{
    private readonly double[][] _samples = [new double[capacity], new double[capacity], new double[capacity], new double[capacity]];
    private int _count;

    public void Add(DateTimeOffset submitted, JobSnapshot ended, DateTimeOffset returned)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        if (i >= _samples[0].Length || ended.StartedAt is not { } started || ended.FinishedAt is not { } finished)
        {
            return;
        }

        _samples[0][i] = (started - submitted).TotalMilliseconds;
        _samples[1][i] = (finished - started).TotalMilliseconds;
        _samples[2][i] = (returned - finished).TotalMilliseconds;
        _samples[3][i] = (returned - submitted).TotalMilliseconds;
    }

    public void Print()
    {
        var n = Math.Min(_count, _samples[0].Length);
        string Median(double[] values)
        {
            var sorted = values[..n];
            Array.Sort(sorted);
            return n == 0 ? "-" : $"{sorted[n / 2]:F2}/{sorted[(int)(n * 0.9)]:F2}";
        }

        Console.WriteLine($"  stages p50/p90 ms: submit->start {Median(_samples[0])}, start->finish {Median(_samples[1])}, finish->returned {Median(_samples[2])}, total {Median(_samples[3])}");
    }
}
