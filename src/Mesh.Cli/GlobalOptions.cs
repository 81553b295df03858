using System.CommandLine;
using Mesh.Policy.Api;

namespace Mesh.Cli;

/// <summary>
/// The options every command takes (<c>--server</c>, <c>--token</c>) and how they are resolved: the command line
/// first, then the environment, then a default. Defaults are resolved here rather than by System.CommandLine so
/// that the environment can sit between the two.
/// </summary>
internal sealed class GlobalOptions
{
    /// <summary>The environment variable naming the control server.</summary>
    public const string ServerVariable = "MESH_SERVER";

    /// <summary>The environment variable holding the token.</summary>
    public const string TokenVariable = "MESH_TOKEN";

    /// <summary>Where the control server writes its admin token at first start, relative to where it runs.</summary>
    public static readonly string TokenFile = Path.Combine("mesh-data", "admin.token");

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The control server URL [default: ${ServerVariable}, else {ApiRoutes.DefaultServer}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The admin token [default: ${TokenVariable}, else ./{TokenFile.Replace('\\', '/')} when it exists]",
        HelpName = "TOKEN",
        Recursive = true,
    };

    /// <summary>Resolves where the server is and which token to send.</summary>
    /// <exception cref="CliException">The server address is not an http(s) URL (a usage error), or the token file cannot be read.</exception>
    public ConnectionSettings Resolve(ParseResult parseResult, MeshCtlContext context)
    {
        var server = NonEmpty(parseResult.GetValue(Server)) ?? NonEmpty(context.GetEnvironmentVariable(ServerVariable)) ?? ApiRoutes.DefaultServer;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"--server (or {ServerVariable}) must be an http:// or https:// URL such as {ApiRoutes.DefaultServer}, not \"{server}\"");
        }

        if (NonEmpty(parseResult.GetValue(Token)) is { } fromOption)
        {
            return new ConnectionSettings(uri, fromOption, "--token");
        }

        if (NonEmpty(context.GetEnvironmentVariable(TokenVariable)) is { } fromEnvironment)
        {
            return new ConnectionSettings(uri, fromEnvironment, "$" + TokenVariable);
        }

        // The server writes its admin token into ./mesh-data when started from a checkout; running meshctl from
        // the same directory then works with no setup, as the design promises.
        var file = Path.Combine(context.WorkingDirectory, TokenFile);
        return File.Exists(file) && NonEmpty(ReadTokenFile(file)) is { } fromFile
            ? new ConnectionSettings(uri, fromFile, "./" + TokenFile.Replace('\\', '/'))
            : new ConnectionSettings(uri, null, null);
    }

    private static string ReadTokenFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The server may have written it readable by its own user only: say so rather than send no token.
            throw CliException.Invalid($"cannot read {path} ({ex.Message}); pass --token or set {TokenVariable}");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Where the control server is, and the token to present to it.</summary>
/// <param name="Server">The server's base URL.</param>
/// <param name="Token">The bearer token, or null to send none.</param>
/// <param name="TokenSource">Where the token came from, for error messages (<c>--token</c>, <c>$MESH_TOKEN</c>, a file).</param>
internal sealed record ConnectionSettings(Uri Server, string? Token, string? TokenSource);
