namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>One default test server per test class.</summary>
public sealed class ServerFixture() : InProcessServer
{
}
