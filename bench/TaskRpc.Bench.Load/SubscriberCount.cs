namespace TaskRpc.Bench.Load;

/// <summary>What one StreamProgress subscriber received: events, of which progress, first and last arrival.</summary>
internal readonly record struct SubscriberCount(long Events, long Progress, TimeSpan First, TimeSpan Last, bool SawTerminal);
