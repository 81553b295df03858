namespace Mesh.Client.Security.Authorization;

/// <summary>
/// One compiled part of a rule (a source, an operation, a condition, an SMI route match), evaluated per request
/// without allocating.
/// </summary>
internal abstract class RequestPredicate
{
    public abstract bool Matches(in AuthorizationRequest request);
}
