using Mesh.Cli.Tests.Infrastructure;
using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Cli.Tests;

public class GlobalOptionsTests
{
    private static StubControlServer EmptyList() => new(_ => StubControlServer.Json(new ResourceListResponse(1, [])));

    [Fact]
    public async Task Token_FromMeshDataFileInWorkingDirectory_IsSentAsBearer()
    {
        using var dir = new TempDirectory();
        dir.Write("mesh-data/admin.token", "s3cret-from-file\n");
        var server = EmptyList();

        var result = await new CliRun { WorkingDirectory = dir.Path, Server = server }.RunAsync("get", "vs");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Bearer s3cret-from-file", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Token_EnvironmentBeatsFile_AndOptionBeatsEnvironment()
    {
        using var dir = new TempDirectory();
        dir.Write("mesh-data/admin.token", "from-file");
        var server = EmptyList();
        var run = new CliRun { WorkingDirectory = dir.Path, Server = server, Environment = { ["MESH_TOKEN"] = "from-env" } };

        await run.RunAsync("get", "vs");
        await run.RunAsync("get", "vs", "--token", "from-option");

        Assert.Equal(["Bearer from-env", "Bearer from-option"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Token_NoneAnywhere_SendsNoHeaderAndA401SaysWhereToFindOne()
    {
        using var dir = new TempDirectory();
        var server = new StubControlServer(_ => StubControlServer.Error(System.Net.HttpStatusCode.Unauthorized, new ErrorResponse("a token is required")));

        var result = await new CliRun { WorkingDirectory = dir.Path, Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll);

        Assert.Null(server.Requests[0].Authorization);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("none was found; pass --token, set MESH_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_FromEnvironment_IsUsedWhenNoOptionIsGiven()
    {
        var server = EmptyList();

        await new CliRun { Server = server, Environment = { ["MESH_SERVER"] = "http://mesh.example:8080" } }.RunAsync("get", "vs");

        Assert.Equal("http://mesh.example:8080/api/v1/resources?kind=VirtualService&namespace=default", server.Requests[0].Uri.ToString());
    }

    [Fact]
    public async Task Server_DefaultsToLocalControlServer()
    {
        var server = EmptyList();

        await new CliRun { Server = server }.RunAsync("get", "vs");

        Assert.Equal(ApiRoutes.DefaultServer, server.Requests[0].Uri.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task Server_NotAUrl_IsAUsageError()
    {
        var result = await CliRun.Run("get", "vs", "--server", "localhost:15010");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--server (or MESH_SERVER) must be an http:// or https:// URL", result.Error, StringComparison.Ordinal);
    }
}
