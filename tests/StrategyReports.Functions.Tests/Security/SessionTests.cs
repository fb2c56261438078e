using System.Net;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Mvc.Testing;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Tests.Errors;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>
/// The sign-in page's session: a protected cookie, never the key; antiforgery on unsafe requests; a real sign-out.
/// No partnership is published here, so a signed-in lead's read is 404 (past the access checks) and a refused one 401.
/// </summary>
public sealed partial class SessionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Signing_in_sets_a_secure_http_only_session_cookie_that_holds_no_key()
    {
        using var factory = new AppFactory(azurite);
        using var browser = Browser(factory);

        var signedIn = await SignInAsync(browser, AppFactory.LeadKey);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-strategyreports-session=", StringComparison.Ordinal));
        Assert.DoesNotContain(AppFactory.LeadKey, cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri("/api/partnerships/bury/strategy/versions", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Sign_in_needs_the_forms_token_and_a_wrong_key_is_throttled()
    {
        using var factory = new AppFactory(azurite);
        using var browser = Browser(factory);

        using var forged = await browser.PostAsync(new Uri("/signin", UriKind.Relative), Form(("key", AppFactory.LeadKey)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(forged.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.Contains("session", StringComparison.Ordinal)));

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < SignInThrottle.AttemptsPerWindow + 1; attempt++)
        {
            statuses.Add((await SignInAsync(browser, "wrong-key-" + attempt)).StatusCode);
        }

        Assert.All(statuses.Take(SignInThrottle.AttemptsPerWindow - 1), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task An_unsafe_request_riding_on_the_cookie_needs_the_antiforgery_token_but_one_with_a_key_header_does_not()
    {
        using var factory = new AppFactory(azurite);
        using var browser = Browser(factory);
        await SignInAsync(browser, AppFactory.AdminKey);

        using var withoutToken = await browser.PostAsync(new Uri("/api/partnerships/bury/links", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Contains("antiforgery", await withoutToken.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var token = await TokenAsync(browser);
        using var withToken = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/partnerships/bury/links", UriKind.Relative)) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        withToken.Headers.Add(SessionForgeryCheck.HeaderName, token);
        // Past the forgery check and the admin check: the body names no partner (and bury has no strategy here).
        Assert.Equal(HttpStatusCode.NotFound, (await browser.SendAsync(withToken)).StatusCode);

        using var keyed = factory.CreateClient(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.PostAsync(new Uri("/api/partnerships/bury/links", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copy_of_the_cookie()
    {
        using var factory = new AppFactory(azurite);
        using var browser = Browser(factory);
        var signedIn = await SignInAsync(browser, AppFactory.LeadKey);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-strategyreports-session=", StringComparison.Ordinal)).Split(';')[0];
        using var copy = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        // Signed in, the copy gets as far as the partnership, which has published no strategy yet.
        var signedInCopy = await ProblemDetailsTests.AssertProblemAsync(await copy.GetAsync(new Uri("/api/partnerships/bury/strategy/versions", UriKind.Relative)), HttpStatusCode.NotFound);
        Assert.Equal("Unknown partnership", signedInCopy.GetProperty("title").GetString());

        using var signOut = new HttpRequestMessage(HttpMethod.Post, new Uri("/signout", UriKind.Relative)) { Content = Form(("__RequestVerificationToken", await TokenAsync(browser))) };
        var signedOut = await browser.SendAsync(signOut);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/", signedOut.Headers.Location?.OriginalString);

        var copyAfter = await ProblemDetailsTests.AssertProblemAsync(await copy.GetAsync(new Uri("/api/partnerships/bury/strategy/versions", UriKind.Relative)), HttpStatusCode.Unauthorized);
        var browserAfter = await ProblemDetailsTests.AssertProblemAsync(await browser.GetAsync(new Uri("/api/partnerships/bury/strategy/versions", UriKind.Relative)), HttpStatusCode.Unauthorized);
        Assert.Equal("Sign in, or send an API key in the X-Api-Key header.", copyAfter.GetProperty("detail").GetString());
        Assert.Equal("Sign in, or send an API key in the X-Api-Key header.", browserAfter.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Another_instance_sharing_the_storage_reads_the_same_cookie_from_keys_kept_in_blob_storage()
    {
        using var first = new AppFactory(azurite);
        using var browser = Browser(first);
        var signedIn = await SignInAsync(browser, AppFactory.LeadKey);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-strategyreports-session=", StringComparison.Ordinal)).Split(';')[0];

        using var second = new AppFactory(azurite);
        using var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        other.DefaultRequestHeaders.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri("/api/partnerships/bury/strategy/versions", UriKind.Relative))).StatusCode);
        var keys = new List<string>();
        await foreach (var blob in new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobXmlRepository.ContainerName).GetBlobsAsync())
        {
            keys.Add(blob.Name);
        }

        Assert.Contains(keys, name => name.StartsWith("key-", StringComparison.Ordinal) && name.EndsWith(".xml", StringComparison.Ordinal));
    }

    private static HttpClient Browser(AppFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true });

    /// <summary>Signs in through the form, as a browser would: its token first, then the post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key) =>
        await browser.PostAsync(new Uri("/signin", UriKind.Relative), Form(("__RequestVerificationToken", await TokenAsync(browser)), ("key", key), ("returnUrl", "/")));

    private static async Task<string> TokenAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        return TokenField().Match(page).Groups[1].Value;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
