using System.Reflection;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Client.Inbound.Security;

/// <summary>
/// Three non-public members of Kestrel's options that the mesh reads so that its inbound TLS composes with an
/// application's own Kestrel setup: the endpoint-defaults callback (so an application's
/// <c>ConfigureEndpointDefaults</c> and the mesh's both run), the endpoints declared in code with <c>Listen</c>
/// (so those declared before the mesh's defaults existed are secured too), and whether an endpoint serves TLS
/// of its own (<c>UseHttps</c>, which the mesh leaves to the application).
/// </summary>
/// <remarks>
/// Why reflection: Kestrel keeps one endpoint-defaults callback, a setter with no getter, and applies it to a
/// code-declared endpoint only at the moment <c>Listen</c> is called, so with public API alone whichever of the
/// application and the mesh configures last silently undoes the other. Each member is looked up once; if a
/// future Kestrel renames one, the mesh does without that one (and says so in the log), and
/// KestrelCompositionTests fail.
/// </remarks>
internal static class KestrelInternals
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly PropertyInfo? EndpointDefaultsProperty =
        typeof(KestrelServerOptions).GetProperty("EndpointDefaults", Instance) is { PropertyType: var type } p && type == typeof(Action<ListenOptions>) ? p : null;

    private static readonly PropertyInfo? CodeBackedProperty =
        typeof(KestrelServerOptions).GetProperty("CodeBackedListenOptions", Instance) is { PropertyType: var type } p && typeof(IEnumerable<ListenOptions>).IsAssignableFrom(type) ? p : null;

    private static readonly PropertyInfo? IsTlsProperty =
        typeof(ListenOptions).GetProperty("IsTls", Instance) is { PropertyType: var type } p && type == typeof(bool) ? p : null;

    /// <summary>Whether the endpoint-defaults callback can be read (and so composed with the application's).</summary>
    public static bool CanReadEndpointDefaults => EndpointDefaultsProperty is not null;

    /// <summary>Whether the endpoints declared in code can be listed.</summary>
    public static bool CanListCodeBackedEndpoints => CodeBackedProperty is not null;

    /// <summary>Whether an endpoint's own TLS (<c>UseHttps</c>) can be seen.</summary>
    public static bool CanSeeOwnTls => IsTlsProperty is not null;

    /// <summary>The endpoint-defaults callback set so far (by the application or Kestrel), if any.</summary>
    public static Action<ListenOptions>? EndpointDefaults(KestrelServerOptions options) =>
        EndpointDefaultsProperty?.GetValue(options) as Action<ListenOptions>;

    /// <summary>The endpoints declared in code (<c>Listen</c>, <c>ListenLocalhost</c>, ...) so far.</summary>
    public static IReadOnlyList<ListenOptions> CodeBackedEndpoints(KestrelServerOptions options) =>
        CodeBackedProperty?.GetValue(options) is IEnumerable<ListenOptions> endpoints ? endpoints.ToArray() : [];

    /// <summary>Whether the application serves TLS of its own on <paramref name="listen"/> (<c>UseHttps</c>).</summary>
    public static bool ServesOwnTls(ListenOptions listen) =>
        IsTlsProperty?.GetValue(listen) is true;
}
