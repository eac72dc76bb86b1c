using System.Text.RegularExpressions;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>Posts the app's server-rendered forms the way a browser does (antiforgery token included).</summary>
public static partial class BrowserForms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pagePath, string action, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(new Uri(pagePath, UriKind.Relative));
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {pagePath}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "/account/login", "/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
