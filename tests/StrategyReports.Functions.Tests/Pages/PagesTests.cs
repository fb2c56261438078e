using System.Net;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Pages;

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
    public async Task Styles_are_served_from_the_app_and_unknown_assets_are_404()
    {
        using var client = _factory.CreateClient();

        var css = await client.GetAsync(new Uri("/assets/nhsuk/nhsuk-frontend.min.css", UriKind.Relative));
        var missing = await client.GetAsync(new Uri("/assets/nope.css", UriKind.Relative));
        var escape = await client.GetAsync(new Uri("/assets/..%2F..%2Fappsettings.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }
}
