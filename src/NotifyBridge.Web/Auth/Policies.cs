namespace NotifyBridge.Web.Auth;

public static class Policies
{
    public const string Admin = "Admin";

    /// <summary>The REST API under /api/v1: personal API tokens only (no cookies, so no CSRF surface).</summary>
    public const string Api = "Api";
}
