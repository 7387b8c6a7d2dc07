using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Engine;

namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>Adds the test-only tasks (next to the demo tasks) to a server's services.</summary>
internal static class TestTaskRegistration
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<TestGates>();
        services.AddSingleton<ConcurrencyProbe>();
        services.AddTaskRpc()
            .AddTask<GateTask>("test.gate")
            .AddTask<GateTask>("test.serial", options => options.MaxConcurrency = 1)
            .AddTask<ProbeTask>("test.limited")
            .AddTask<FlakyTask>("test.flaky")
            .AddTask<JsonResultTask>("test.json_result");
    }
}
