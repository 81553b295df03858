using System.Diagnostics;

namespace BookInfo.Common;

/// <summary>
/// <c>--access-log</c>: one line per request a service serves, like a sidecar's access log, so that one can watch
/// where traffic goes (which reviews version answers, what a mirror receives) without a dashboard.
/// </summary>
internal sealed partial class AccessLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("BookInfo.AccessLog");

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var request = context.Request;
                var path = request.Path + request.QueryString;
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var endUser = request.Headers[ForwardedHeaders.EndUser].ToString();
                Log(_logger, request.Method, path, context.Response.StatusCode, elapsed, request.Host.Value ?? "", endUser);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs:F1} ms host={Host} end-user={EndUser}")]
    private static partial void Log(ILogger logger, string method, string path, int status, double elapsedMs, string host, string endUser);
}
