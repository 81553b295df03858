namespace BookInfo.Productpage;

/// <summary>
/// The signed-in user, kept in a cookie. As in Istio's sample there is no password check: the name is what
/// routing rules match on (<c>end-user: jason</c>), nothing more.
/// </summary>
internal static class UserSession
{
    public const string CookieName = "user";

    /// <summary>Names are kept to what a header and a cookie carry unescaped.</summary>
    public const string NameRule = "letters, digits and . _ - @ +, up to 64 characters";

    public static string? CurrentUser(HttpRequest request) =>
        request.Cookies[CookieName] is { } user && IsValidName(user) ? user : null;

    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '@' or '+'))
            {
                return false;
            }
        }

        return true;
    }

    public static void SignIn(HttpResponse response, string user) =>
        response.Cookies.Append(CookieName, user, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });

    public static void SignOut(HttpResponse response) =>
        response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
}
