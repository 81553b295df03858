using Mesh.Cli;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>meshctl's own code, run in-process from the directory BookInfo runs in, so that it finds ./mesh-data/admin.token as a user's does.</summary>
internal static class MeshCtlRunner
{
    public static async Task<string> RunAsync(Uri server, string workingDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new MeshCtlContext
        {
            Out = output,
            Error = error,
            WorkingDirectory = workingDirectory,
            GetEnvironmentVariable = name => name == "MESH_SERVER" ? server.ToString() : null,
        };

        var exitCode = await MeshCtl.RunAsync(args, context);
        Assert.True(exitCode == 0, $"meshctl {string.Join(' ', args)} exited with {exitCode}:\n{output}\n{error}");
        return output.ToString();
    }

    /// <summary><c>meshctl apply -f FILE</c>.</summary>
    public static Task<string> ApplyAsync(Uri server, string workingDirectory, string file) =>
        RunAsync(server, workingDirectory, "apply", "-f", file);
}
