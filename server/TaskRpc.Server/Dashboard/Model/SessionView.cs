namespace TaskRpc.Server.Dashboard.Model;

/// <summary>Who the page is for: the tenant it is limited to (null: all) and whether it may act.</summary>
internal sealed record SessionView(string? Tenant, bool MayAct);
