namespace TaskRpc.Server.Security;

/// <summary>The claims and role names the server reads from an authenticated caller.</summary>
internal static class TaskRpcClaims
{
    /// <summary>The caller's tenant.</summary>
    public const string Tenant = "tenant";

    /// <summary>The role that sees and manages every tenant's jobs.</summary>
    public const string AdminRole = "admin";

    /// <summary>The policy scheme that picks API key, JWT or certificate per call.</summary>
    public const string Scheme = "TaskRpc";

    /// <summary>The API key scheme.</summary>
    public const string ApiKeyScheme = "ApiKey";
}
