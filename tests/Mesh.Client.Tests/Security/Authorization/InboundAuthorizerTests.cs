using System.Diagnostics.Metrics;
using System.Net;
using Mesh.Client.Balancing;
using Mesh.Client.Inbound;
using Mesh.Client.Security.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

public class InboundAuthorizerTests
{
    private static readonly string DenyAdmin = AuthzPolicy("action: DENY\nrules:\n- to:\n  - operation: {paths: [\"/admin*\"]}", "deny-admin");

    [Fact]
    public async Task Denied_Gets403WithIstiosBody_AndThePolicyNameOnlyInTheLog()
    {
        var log = new ListLogger();
        var (authorizer, _) = Create(log, logAll: false, "authz-unit-1", DenyAdmin);
        var context = Context("GET", "/admin/users", "authz-unit-1");

        var allowed = authorizer.IsAllowed(context, context.Features.Get<MeshRequestContext>()!);
        await InboundAuthorizer.WriteDeniedAsync(context);

        Assert.False(allowed);
        Assert.Equal(403, context.Response.StatusCode);
        var body = Body(context);
        Assert.Equal("RBAC: access denied", body);
        Assert.DoesNotContain("deny-admin", body, StringComparison.Ordinal);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Contains("default/deny-admin", entry.Message, StringComparison.Ordinal);
        Assert.Contains("/admin/users", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_IsNotLoggedUnlessAsked()
    {
        var quiet = new ListLogger();
        var verbose = new ListLogger();
        var (quietAuthorizer, _) = Create(quiet, logAll: false, "productpage", TaskFile(1), TaskFile(2));
        var (verboseAuthorizer, _) = Create(verbose, logAll: true, "productpage", TaskFile(1), TaskFile(2));
        var context = Context("GET", "/productpage", "productpage", app: "productpage");

        Assert.True(quietAuthorizer.IsAllowed(context, context.Features.Get<MeshRequestContext>()!));
        Assert.True(verboseAuthorizer.IsAllowed(context, context.Features.Get<MeshRequestContext>()!));

        Assert.Empty(quiet.Entries);
        var entry = Assert.Single(verbose.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("Allowed GET /productpage", entry.Message, StringComparison.Ordinal);
        Assert.Contains("default/productpage-viewer", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPolicy_AllowsWithoutEvaluatingOrLogging()
    {
        var log = new ListLogger();
        var (authorizer, runtime) = Create(log, logAll: true, "authz-unit-3");
        var context = Context("DELETE", "/anything", "authz-unit-3");

        Assert.True(runtime.Authorization.IsEmpty);
        Assert.True(authorizer.IsAllowed(context, context.Features.Get<MeshRequestContext>()!));
        Assert.Empty(log.Entries);
    }

    [Fact]
    public void Denied_IsCountedOnTheMeshMeter()
    {
        var service = "authz-unit-" + Guid.NewGuid().ToString("N")[..8];
        var denials = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Mesh" && instrument.Name == "mesh.decisions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var reason = false;
            var destination = false;
            foreach (var tag in tags)
            {
                reason |= tag.Key == "reason" && (string?)tag.Value == "authz_denied";
                destination |= tag.Key == "destination" && (string?)tag.Value == service;
            }

            if (reason && destination)
            {
                Interlocked.Add(ref denials, value);
            }
        });
        listener.Start();
        var (authorizer, _) = Create(new ListLogger(), logAll: false, service, DenyAdmin);

        for (var i = 0; i < 3; i++)
        {
            var context = Context("GET", "/admin", service);
            authorizer.IsAllowed(context, context.Features.Get<MeshRequestContext>()!);
        }

        var allowed = Context("GET", "/reviews", service);
        authorizer.IsAllowed(allowed, allowed.Features.Get<MeshRequestContext>()!);

        Assert.Equal(3, Interlocked.Read(ref denials));
    }

    /// <summary>A runtime for <paramref name="service"/> (its app label) in namespace default, with the policy compiled.</summary>
    private static (InboundAuthorizer, MeshRuntime) Create(ListLogger log, bool logAll, string service, params string[] documents)
    {
        var options = new MeshOptions { ServiceName = service, LogAuthorizationDecisions = logAll };
        var runtime = new MeshRuntime(Microsoft.Extensions.Options.Options.Create(options), SharedMeshRandom.Instance, TimeProvider.System, NullLogger<MeshRuntime>.Instance);
        Assert.True(runtime.Update([.. Parse(documents.Length == 0 ? [] : documents)], 1));
        return (new InboundAuthorizer(runtime, log), runtime);
    }

    private static DefaultHttpContext Context(string method, string path, string service, string app = "reviews")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Host = new HostString(app + ":9080");
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Response.Body = new MemoryStream();
        context.Features.Set(new MeshRequestContext { Service = service, Namespace = "default", RequestId = "r1" });
        return context;
    }

    private static string Body(HttpContext context) =>
        System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class ListLogger : ILogger<InboundAuthorizer>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
