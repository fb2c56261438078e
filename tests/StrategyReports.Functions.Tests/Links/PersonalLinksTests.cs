using System.Net;
using System.Net.Http.Json;
using StrategyReports.Functions.Tests.Errors;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Links;

public sealed class PersonalLinksTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public PersonalLinksTests(AzuriteFixture azurite) => (_factory, _clock) = Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_admin_issues_a_link_that_opens_the_partners_form_and_lists_it()
    {
        var (admin, p) = await SetUpAsync();

        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home", expiresInDays = 90 });
        var link = await JsonAsync(issued);
        var url = link.GetProperty("url").GetString()!;

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.StartsWith("/r/", url, StringComparison.Ordinal);
        Assert.Equal(Open.AddDays(90), link.GetProperty("expiresAt").GetDateTimeOffset());
        using var browser = _factory.CreateClient();
        var home = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Returns for Willow Care Home", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var form = await browser.GetAsync(new Uri($"/r/returns/{PeriodId}", UriKind.Relative));
        var html = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Willow Care Home", html, StringComparison.Ordinal);
        Assert.Contains("Quarterly return for July to September 2026 <span class=\"nhsuk-u-nowrap\">(2026-27-Q2)</span>", html, StringComparison.Ordinal);
        Assert.Contains("Volunteers", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Agency spend", html, StringComparison.Ordinal);
        Assert.Equal("no-store", form.Headers.CacheControl?.ToString());

        var list = await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative)));
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal(link.GetProperty("id").GetString(), listed.GetProperty("id").GetString());
        Assert.Equal("test admin", listed.GetProperty("issuedBy").GetString());
        Assert.False(listed.TryGetProperty("url", out _));
    }

    [Fact]
    public async Task Expired_tampered_and_revoked_links_are_refused_with_a_page_never_the_form()
    {
        var (admin, p) = await SetUpAsync();
        using var browser = _factory.CreateClient();
        var url = await IssueAsync(admin, p, "care-home", 7);
        var other = await IssueAsync(admin, p, "trust", 90);

        var tamperedPartner = url[..^3] + (url[^3] == 'A' ? 'B' : 'A') + url[^2..];
        var tampered = await browser.GetAsync(new Uri(tamperedPartner, UriKind.Relative));
        var garbage = await browser.GetAsync(new Uri("/r/not-a-token", UriKind.Relative));
        // A token whose payload was rewritten to another partner, with the original signature.
        var parts = other[3..].Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])).Replace("|trust|", "|care-home|", StringComparison.Ordinal);
        var widened = await browser.GetAsync(new Uri($"/r/{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload))}.{parts[1]}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Contains("This link is not valid", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("<form", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, widened.StatusCode);

        _clock.Now = Open.AddDays(8);
        var expired = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("This link has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative))))
            .EnumerateArray().Single(l => l.GetProperty("partner").GetString() == "trust").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(other, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/partnerships/{p}/links/{id}", UriKind.Relative))).StatusCode);
        var revoked = await browser.GetAsync(new Uri(other, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, revoked.StatusCode);
        Assert.Contains("This link has been withdrawn", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The session the link opened ends with it.
        var postRevoked = await browser.PostAsync(new Uri("/r", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["values.vacancies"] = "1" }));
        Assert.Equal(HttpStatusCode.Gone, postRevoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/api/partnerships/{p}/links/0123456789abcdef", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("x.y")]
    [InlineData("a!b.c*d")]
    [InlineData("....")]
    [InlineData("djE.")]
    public async Task Malformed_tokens_are_refused_as_not_valid(string token)
    {
        using var browser = _factory.CreateClient();

        var response = await browser.GetAsync(new Uri($"/r/{Uri.EscapeDataString(token)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_long_token_is_refused_as_not_valid()
    {
        using var browser = _factory.CreateClient();

        var response = await browser.GetAsync(new Uri($"/r/{new string('a', 600)}.{new string('b', 43)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_that_is_not_a_form_is_refused_and_stores_nothing()
    {
        var (admin, p) = await SetUpAsync();
        var url = await IssueAsync(admin, p, "care-home", 30);
        using var browser = _factory.CreateClient();
        await browser.GetAsync(new Uri(url, UriKind.Relative));

        var json = await browser.PostAsync(new Uri("/r", UriKind.Relative), new StringContent("""{"values": {"vacancies": 1}}""", System.Text.Encoding.UTF8, "application/json"));
        var tooMany = await browser.PostAsync(new Uri("/r", UriKind.Relative), new FormUrlEncodedContent(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create($"f{i}", "x"))));

        Assert.Equal(HttpStatusCode.Forbidden, json.StatusCode);
        Assert.Contains("The form could not be accepted", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, tooMany.StatusCode);
        Assert.Contains("The form could not be accepted", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_the_pages_proof_is_refused_and_stores_nothing()
    {
        var (admin, p) = await SetUpAsync();
        var url = await IssueAsync(admin, p, "care-home", 30);
        using var browser = _factory.CreateClient();
        await browser.GetAsync(new Uri(url, UriKind.Relative));

        var forged = await browser.PostAsync(new Uri("/r", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["period"] = PeriodId,
            ["proof"] = "made-up",
            ["values.vacancies"] = "1",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("The form could not be accepted", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_form_says_when_returns_open_outside_the_window()
    {
        var (admin, p) = await SetUpAsync();
        var url = await IssueAsync(admin, p, "care-home", 90);
        using var browser = _factory.CreateClient();

        _clock.Now = AfterClose;
        var html = await (await browser.GetAsync(new Uri(url, UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Contains("No return is due now", html, StringComparison.Ordinal);
        Assert.Contains("Returns for October to December 2026 (2026-27-Q3) open on 17 December 2026.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"partner": "nobody"}""", "partner")]
    [InlineData("""{"expiresInDays": 30}""", "partner")]
    [InlineData("""{"partner": "trust", "expiresInDays": 0}""", "expiresInDays")]
    [InlineData("""{"partner": "trust", "expiresInDays": 400}""", "expiresInDays")]
    public async Task Bad_link_requests_are_422_naming_the_field(string body, string field)
    {
        var (admin, p) = await SetUpAsync();

        var response = await admin.PostAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Only_admins_of_the_partnership_issue_list_and_revoke_links()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin, "bury");
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        using var buryAdmin = _factory.CreateClient(AppFactory.BuryAdminKey);
        var other = NewPartnership();
        await PublishAsync(admin, other);

        var leadIssues = await ProblemDetailsTests.AssertProblemAsync(
            await lead.PostAsJsonAsync(new Uri("/api/partnerships/bury/links", UriKind.Relative), new { partner = "trust" }), HttpStatusCode.Forbidden);
        var leadLists = await ProblemDetailsTests.AssertProblemAsync(await lead.GetAsync(new Uri("/api/partnerships/bury/links", UriKind.Relative)), HttpStatusCode.Forbidden);
        var otherAdminIssues = await ProblemDetailsTests.AssertProblemAsync(
            await buryAdmin.PostAsJsonAsync(new Uri($"/api/partnerships/{other}/links", UriKind.Relative), new { partner = "trust" }), HttpStatusCode.Forbidden);
        var issued = await buryAdmin.PostAsJsonAsync(new Uri("/api/partnerships/bury/links", UriKind.Relative), new { partner = "trust" });

        Assert.Equal("Your role does not allow this.", leadIssues.GetProperty("detail").GetString());
        Assert.Equal("Your role does not allow this.", leadLists.GetProperty("detail").GetString());
        Assert.Equal($"You are not an admin of the partnership '{other}'.", otherAdminIssues.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var link = await JsonAsync(issued);
        Assert.Equal("trust", link.GetProperty("partner").GetString());
        Assert.StartsWith("/r/", link.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    private async Task<(HttpClient Admin, string PartnershipId)> SetUpAsync()
    {
        var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        return (admin, p);
    }

    private static async Task<string> IssueAsync(HttpClient admin, string p, string partner, int days)
    {
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner, expiresInDays = days });
        issued.EnsureSuccessStatusCode();
        return (await JsonAsync(issued)).GetProperty("url").GetString()!;
    }
}
