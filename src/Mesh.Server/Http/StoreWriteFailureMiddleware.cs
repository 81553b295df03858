using Mesh.Server.Storage;

namespace Mesh.Server.Http;

/// <summary>
/// Answers 507 Insufficient Storage, with a message, for any request whose write to the data directory failed (disk
/// full, read-only, I/O error): apply, delete, registration, token creation and revocation. Every writer commits
/// to disk before it changes memory, so nothing was applied; one place says so rather than a catch per endpoint.
/// </summary>
internal sealed partial class StoreWriteFailureMiddleware(RequestDelegate next, ILogger<StoreWriteFailureMiddleware> logger)
{
    public const string Message = "the control server could not write its store (disk full or I/O error); nothing was applied. Retry once space is freed on the control server's data directory (its log names the file and the error)";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (StoreWriteException ex) when (!context.Response.HasStarted)
        {
            LogWriteFailed(logger, context.Request.Method, context.Request.Path, ex.Path, ex.InnerException?.Message ?? ex.Message);
            context.RequestServices.GetService<Metrics.ServerMetrics>()?.StoreWriteFailed();
            await ApiResults.Error(StatusCodes.Status507InsufficientStorage, Message).ExecuteAsync(context);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "{Method} {Path} failed: could not write {File} ({Reason}); nothing was applied")]
    private static partial void LogWriteFailed(ILogger logger, string method, string path, string file, string reason);
}
