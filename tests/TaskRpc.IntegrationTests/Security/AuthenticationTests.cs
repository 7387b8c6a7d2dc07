using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Microsoft.IdentityModel.Tokens;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Security;

/// <summary>Each credential kind accepted and refused, on a real server with API keys and JWTs configured.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private static readonly string HashedKey = "hashed-key-" + Guid.NewGuid().ToString("N");
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly string _publicKeyPath = Path.Combine(Path.GetTempPath(), $"taskrpc-jwt-{Guid.NewGuid():N}.pem");
    private TaskRpcTestServer? _server;

    private TaskService.TaskServiceClient Service => _server!.Client.Service;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_publicKeyPath, _rsa.ExportSubjectPublicKeyInfoPem());
        _server = await TaskRpcTestServer.StartAsync(
            "--Auth:ApiKeys:0:Key=s3cret", "--Auth:ApiKeys:0:Tenant=acme",
            $"--Auth:ApiKeys:1:KeyHash={Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(HashedKey)))}", "--Auth:ApiKeys:1:Tenant=globex",
            $"--Auth:Jwt:SigningKey={Credentials.SigningKey}", $"--Auth:Jwt:PublicKeyPath={_publicKeyPath}",
            $"--Auth:Jwt:Issuer={Credentials.Issuer}", $"--Auth:Jwt:Audience={Credentials.Audience}");
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _rsa.Dispose();
        File.Delete(_publicKeyPath);
    }

    public static TheoryData<string, string> Accepted => new()
    {
        { "x-api-key", "s3cret" },
        { "authorization", "Bearer s3cret" },
        { "x-api-key", HashedKey },
        { "authorization", "Bearer " + Credentials.Jwt("acme") },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Submit_ValidCredential_Runs(string header, string value)
    {
        var job = await Service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, Credentials.With(header, value));

        Assert.Equal(JobState.Succeeded, job.State);
    }

    [Fact]
    public async Task Submit_JwtSignedWithConfiguredRsaKey_Runs()
    {
        var signing = new SigningCredentials(new RsaSecurityKey(_rsa), SecurityAlgorithms.RsaSha256);

        var job = await Service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, Credentials.Bearer(Credentials.Jwt(signing, "acme")));

        Assert.Equal(JobState.Succeeded, job.State);
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "x-api-key", "wrong", "The API key is not valid." },
        { "authorization", "Bearer wrong", "not a valid API key or token" },
        { "authorization", "Bearer " + Credentials.Jwt("acme", key: "another-signing-key-of-at-least-32-bytes"), "signature is not valid" },
        { "authorization", "Bearer " + Credentials.Jwt("acme", expires: DateTime.UtcNow.AddMinutes(-5)), "expired" },
        { "authorization", "Bearer " + Credentials.Jwt("acme", audience: "someone-else"), "audience" },
        { "x-other", "s3cret", "Missing credentials" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Submit_BadOrMissingCredential_Unauthenticated(string header, string value, string message)
    {
        await RpcAssert.FailsAsync(
            StatusCode.Unauthenticated,
            () => Service.SubmitAsync(new SubmitRequest { Task = "demo.echo" }, Credentials.With(header, value)).ResponseAsync,
            message);
    }

    [Fact]
    public async Task ListAndGet_WithoutCredential_UnauthenticatedAndNothingLeaks()
    {
        var job = await Service.SubmitAsync(new SubmitRequest { Task = "demo.echo", Wait = true }, Credentials.ApiKey("s3cret"));

        var list = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => _server!.Client.ListAsync(new ListJobsRequest()), "Missing credentials");
        var get = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => _server!.Client.GetAsync(job.Id), "Missing credentials");
        Assert.DoesNotContain(job.Id, list.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(job.Id, get.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WithoutCredential_Serving()
    {
        var health = await _server!.Client.CheckHealthAsync("taskrpc.v1.TaskService");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Reflection_NeedsCredential()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_server!.Channel);
        var request = new ServerReflectionRequest { ListServices = string.Empty };

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, async () =>
        {
            // Refused on its headers: no write (a write may race the refusal and fail as "call is complete").
            using var call = reflection.ServerReflectionInfo(TaskRpcClient.Options());
            await call.ResponseStream.MoveNext();
        });
        using var authenticated = reflection.ServerReflectionInfo(Credentials.ApiKey("s3cret"));
        await authenticated.RequestStream.WriteAsync(request);
        Assert.True(await authenticated.ResponseStream.MoveNext());
        Assert.Contains(authenticated.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "taskrpc.v1.TaskService");
        await authenticated.RequestStream.CompleteAsync();
    }
}
