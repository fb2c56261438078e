using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>Personal links: 90 days at most, swapped for a short session on first use, never logged with their token.</summary>
public sealed class LinkSessionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_link_lasts_90_days_unless_asked_for_less_and_never_longer()
    {
        using var factory = Create(azurite).Factory;
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);

        var issued = await JsonAsync(await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home" }));
        var tooLong = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home", expiresInDays = 91 });

        Assert.Equal(Open.AddDays(90), issued.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("expiresInDays", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_visit_swaps_the_token_for_a_session_and_an_address_without_it()
    {
        var logs = new CapturedLogs();
        using var factory = Create(azurite).Factory;
        factory.Settings["Logging:LogLevel:Default"] = "Trace";
        factory.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        factory.TestServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        var url = (await JsonAsync(await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home" }))).GetProperty("url").GetString()!;
        var token = url["/r/".Length..];
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true });

        var opened = await browser.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/r", opened.Headers.Location?.OriginalString);
        var cookie = opened.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Secure-strategyreports-link=", StringComparison.Ordinal));
        Assert.DoesNotContain(token, cookie, StringComparison.Ordinal);
        Assert.Contains("path=/r", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var home = await browser.GetAsync(new Uri("/r", UriKind.Relative));
        var html = await home.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Willow Care Home", html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/r/returns/{PeriodId}\"", html, StringComparison.Ordinal);

        // The form is under the cookie's path too.
        var form = await browser.GetStringAsync(new Uri($"/r/returns/{PeriodId}", UriKind.Relative));
        Assert.DoesNotContain(token, form, StringComparison.Ordinal);
        Assert.Contains($"action=\"/r/returns/{PeriodId}\"", form, StringComparison.Ordinal);

        // A failure on the link's own path is logged too, still without the token.
        await browser.PostAsync(new Uri(url, UriKind.Relative), new StringContent("x"));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(token[..20], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoking_the_link_ends_its_session()
    {
        using var factory = Create(azurite).Factory;
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        var issued = await JsonAsync(await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home" }));
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true });
        await browser.GetAsync(new Uri(issued.GetProperty("url").GetString()!, UriKind.Relative));
        var open = await browser.GetAsync(new Uri("/r", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Contains("Returns for Willow Care Home", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await admin.DeleteAsync(new Uri($"/api/partnerships/{p}/links/{issued.GetProperty("id").GetString()}", UriKind.Relative));

        var withdrawn = await browser.GetAsync(new Uri("/r", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, withdrawn.StatusCode);
        Assert.Contains("This link has been withdrawn", await withdrawn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ended = await browser.GetAsync(new Uri("/r", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.Contains("Open your personal link again", await ended.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
