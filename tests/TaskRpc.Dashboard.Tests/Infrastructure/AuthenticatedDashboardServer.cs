namespace TaskRpc.Dashboard.Tests.Infrastructure;

/// <summary>A dashboard server with authentication on: tenant acme's key (read-only), tenant globex's key and an admin key.</summary>
public sealed class AuthenticatedDashboardServer : DashboardServer
{
    public const string AcmeKey = "acme-key";
    public const string GlobexKey = "globex-key";
    public const string AdminKey = "admin-key";

    protected override IEnumerable<string> ExtraArguments =>
    [
        $"--Auth:ApiKeys:0:Key={AcmeKey}", "--Auth:ApiKeys:0:Tenant=acme",
        $"--Auth:ApiKeys:1:Key={GlobexKey}", "--Auth:ApiKeys:1:Tenant=globex",
        $"--Auth:ApiKeys:2:Key={AdminKey}", "--Auth:ApiKeys:2:Tenant=ops", "--Auth:ApiKeys:2:Roles=admin",
    ];
}
