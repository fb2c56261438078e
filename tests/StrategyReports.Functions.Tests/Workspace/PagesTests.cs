using System.Net;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Workspace;

public sealed class PagesTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IDisposable
{
    private readonly AppFactory _factory = new(azurite);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/signin")]
    [InlineData("/about/anonymity")]
    public async Task Public_pages_meet_wcag_22_aa_on_a_desktop_and_a_phone(string path)
    {
        var baseUrl = _factory.StartOnKestrel();

        foreach (var page in new[] { await browser.NewPageAsync(baseUrl), await browser.NewPhonePageAsync(baseUrl) })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            Assert.Equal("en-GB", await page.GetAttributeAsync("html", "lang"));
            Assert.Equal(1, await page.Locator("h1").CountAsync());
            await Accessibility.AssertNoViolationsAsync(page);
        }
    }

    [Fact]
    public async Task Signing_in_with_an_access_key_works_without_javascript_and_a_wrong_key_is_explained()
    {
        var baseUrl = _factory.StartOnKestrel();
        var page = await browser.NewPageAsync(baseUrl);

        await page.GotoAsync("/signin?returnUrl=/api/partnerships/bury/strategy/versions");
        await page.FillAsync("#key", "not-a-key");
        await page.ClickAsync("button[type=submit]");

        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Contains("not recognised", await page.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        Assert.Equal("#key", await page.GetAttributeAsync(".nhsuk-error-summary a", "href"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.FillAsync("#key", AppFactory.LeadKey);
        await page.ClickAsync("button[type=submit]");

        // Signed in as a lead, the API answers (404: no strategy published yet) instead of 401.
        Assert.EndsWith("/api/partnerships/bury/strategy/versions", page.Url, StringComparison.Ordinal);
        var cookies = await page.Context.CookiesAsync();
        var cookie = Assert.Single(cookies, c => c.Name == "__Host-strategyreports-session");
        Assert.DoesNotContain(AppFactory.LeadKey, cookie.Value, StringComparison.Ordinal);
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, cookie.SameSite);
    }

    [Fact]
    public async Task An_address_nothing_serves_is_the_sites_not_found_page_in_a_browser_with_nothing_in_its_console_and_problem_details_for_the_api()
    {
        var baseUrl = _factory.StartOnKestrel();
        var page = await browser.NewPageAsync(baseUrl);
        var errors = new List<string>();
        var responses = new List<(string Url, int Status)>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} at {message.Location}");
            }
        };
        page.Response += (_, answer) => responses.Add((new Uri(answer.Url).PathAndQuery, answer.Status));

        var response = await page.GotoAsync("/no/such/page", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.NetworkIdle });
        using var client = _factory.CreateClient();
        var api = await client.GetAsync(new Uri("/api/no/such/thing", UriKind.Relative));

        Assert.Equal(404, response!.Status);
        Assert.Equal("Page not found", await page.InnerTextAsync("h1"));
        // The page in the layout: its stylesheet and icon load, and nothing but the page itself answers an error.
        Assert.Equal(["/no/such/page"], responses.Where(r => r.Status != 200).Select(r => r.Url));
        Assert.Contains(responses, r => r.Url.StartsWith("/assets/site.css?v=", StringComparison.Ordinal));
        // Chrome logs the page's own status, if anything.
        Assert.All(errors, error => Assert.Contains("/no/such/page", error, StringComparison.Ordinal));
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_one_stylesheet_keeps_the_rules_pages_use_and_drops_the_rest_and_every_font_face()
    {
        using var client = _factory.CreateClient();
        var page = await (await client.GetAsync(new Uri("/signin", UriKind.Relative))).Content.ReadAsStringAsync();
        var css = await client.GetStringAsync(new Uri("/assets/site.css", UriKind.Relative));

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "rel=\"stylesheet\""));
        // Used by the layout, by a template, by a C# page handler, and the app's own rules.
        Assert.Contains(".nhsuk-header", css, StringComparison.Ordinal);
        Assert.Contains(".nhsuk-error-summary", css, StringComparison.Ordinal);
        Assert.Contains(".nhsuk-tag--orange", css, StringComparison.Ordinal);
        Assert.Contains(".app-previous-value", css, StringComparison.Ordinal);
        // NHS.UK components no page has.
        Assert.DoesNotContain(".nhsuk-card", css, StringComparison.Ordinal);
        Assert.DoesNotContain(".nhsuk-pagination", css, StringComparison.Ordinal);
        Assert.DoesNotContain("@font-face", css, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", css, StringComparison.Ordinal);
        Assert.True(css.Length < 80_000, $"{css.Length} characters of CSS");
    }

    [Fact]
    public async Task Styles_are_served_from_the_app_by_hashed_address_compressed_and_kept_for_a_year_and_unknown_assets_are_404()
    {
        using var client = _factory.CreateClient();
        var page = await (await client.GetAsync(new Uri("/about/anonymity", UriKind.Relative))).Content.ReadAsStringAsync();
        var href = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/assets/site.css\\?v=[0-9a-f]{16})\"").Groups[1].Value;
        Assert.NotEmpty(href);

        using var brotli = new HttpRequestMessage(HttpMethod.Get, new Uri(href, UriKind.Relative));
        brotli.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var css = await client.SendAsync(brotli);
        var plain = await client.GetAsync(new Uri("/assets/site.css", UriKind.Relative));
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(href, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(css.Headers.ETag!);
        var notModified = await client.SendAsync(again);
        var missing = await client.GetAsync(new Uri("/assets/nope.css", UriKind.Relative));
        var escape = await client.GetAsync(new Uri("/assets/..%2F..%2Fappsettings.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal("br", Assert.Single(css.Content.Headers.ContentEncoding));
        Assert.Equal("public, max-age=31536000, immutable", css.Headers.CacheControl?.ToString());
        var compressed = await css.Content.ReadAsByteArrayAsync();
        await using var decompressing = new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        var text = await new StreamReader(decompressing).ReadToEndAsync();
        Assert.Equal(await plain.Content.ReadAsStringAsync(), text);
        Assert.True(compressed.Length * 5 < text.Length, $"{compressed.Length} bytes compressed from {text.Length}");
        Assert.Contains(".nhsuk-header", text, StringComparison.Ordinal);
        Assert.DoesNotContain("assets.nhs.uk", text, StringComparison.Ordinal);

        Assert.Equal("public, max-age=300", plain.Headers.CacheControl?.ToString());
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }
}
