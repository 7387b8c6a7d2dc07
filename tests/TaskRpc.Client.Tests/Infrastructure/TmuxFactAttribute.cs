namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>A fact that needs tmux: skipped, with the reason, only when tmux is not installed.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (Tmux.Path is null)
        {
            Skip = "tmux is not installed, so the real-terminal test cannot run: apt-get install tmux (./test.sh installs it).";
        }
    }
}
