namespace Mesh.Client.Security.Authorization;

/// <summary>
/// A compiled rule: one of its sources (if any are given), one of its operations (if any) and all of its
/// conditions must match. A rule with none of them matches every request.
/// </summary>
internal sealed class CompiledRule(RequestPredicate[] from, RequestPredicate[] to, RequestPredicate[] when)
{
    public bool Matches(in AuthorizationRequest request) =>
        AnyOrEmpty(from, request) && AnyOrEmpty(to, request) && All(when, request);

    private static bool AnyOrEmpty(RequestPredicate[] predicates, in AuthorizationRequest request)
    {
        if (predicates.Length == 0)
        {
            return true;
        }

        foreach (var predicate in predicates)
        {
            if (predicate.Matches(request))
            {
                return true;
            }
        }

        return false;
    }

    private static bool All(RequestPredicate[] predicates, in AuthorizationRequest request)
    {
        foreach (var predicate in predicates)
        {
            if (!predicate.Matches(request))
            {
                return false;
            }
        }

        return true;
    }
}
