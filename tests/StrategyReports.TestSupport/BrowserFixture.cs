using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace StrategyReports.TestSupport;

/// <summary>
/// Debian's Chromium driven by Playwright, shared by a test class. Playwright never downloads a
/// browser here: it launches /usr/bin/chromium, which scripts/setup installs.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: run scripts/setup.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine has no network but loopback: keep Chromium from reaching out at start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh context (no cookies) and page; JavaScript off by default, since pages must work without it.</summary>
    public async Task<IPage> NewPageAsync(Uri baseUrl, bool javaScriptEnabled = false, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
        });
        return await context.NewPageAsync();
    }

    /// <summary>A phone-sized page (320 CSS pixels wide: WCAG's reflow width).</summary>
    public Task<IPage> NewPhonePageAsync(Uri baseUrl) => NewPageAsync(baseUrl, viewport: new ViewportSize { Width = 320, Height = 640 });
}

public static class Accessibility
{
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>Runs axe-core on the page and fails with every WCAG 2.2 A/AA violation it finds.</summary>
    /// <remarks>
    /// axe is a script, and script evaluation never returns in a page whose context has JavaScript
    /// off. So the page's current document (including any error state reached by posting a form) is
    /// served again, unchanged, at the same address to a scripted twin of the page, whose styles and
    /// images still come from the app.
    /// </remarks>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var html = await page.ContentAsync();
        var browser = page.Context.Browser!;
        await using var twinContext = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = true,
            ViewportSize = page.ViewportSize is { } size ? new ViewportSize { Width = size.Width, Height = size.Height } : null,
            Locale = "en-GB",
        });
        var twin = await twinContext.NewPageAsync();
        await twin.RouteAsync(page.Url, route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
        await twin.GotoAsync(page.Url);

        var result = await twin.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(violations.Count == 0, $"{page.Url} has accessibility violations:\n{string.Join("\n", violations)}");
    }
}
