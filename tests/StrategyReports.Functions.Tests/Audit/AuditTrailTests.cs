using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Audit;
using StrategyReports.Functions.Tests.Admin;
using StrategyReports.Functions.Tests.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Audit;

public sealed class AuditTrailTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory = CreateFactory(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Every_state_changing_endpoint_is_recorded_when_called_or_says_why_not()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => (Endpoint: e, Method: method)))
            .Where(pair => !HttpMethods.IsGet(pair.Method) && !HttpMethods.IsHead(pair.Method))
            .ToList();
        Assert.NotEmpty(endpoints);
        using var admin = _factory.CreateClient(AppFactory.AdminKey);

        foreach (var (endpoint, method) in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            Assert.False(string.IsNullOrEmpty(name), $"{method} {endpoint.RoutePattern.RawText} has no name for the trail to record.");
            if (endpoint.Metadata.GetMetadata<NotAuditedMetadata>() is { } exempt)
            {
                Assert.False(string.IsNullOrWhiteSpace(exempt.Reason));
                Assert.False(AuditRecording.IsAudited(endpoint, method));
                continue;
            }

            Assert.True(AuditRecording.IsAudited(endpoint, method), $"{method} {endpoint.RoutePattern.RawText} is not audited and gives no reason.");
            // Called as the access matrix calls it: whatever the answer, the call is in the trail.
            var row = AccessMatrix.Rows.First(r => r.Method == method && r.Route == Route(endpoint.RoutePattern.RawText));
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(row.Path, UriKind.Relative));
            if (row.Body is not null)
            {
                request.Content = new StringContent(row.Body, Encoding.UTF8, row.ContentType ?? (row.Form ? "application/x-www-form-urlencoded" : "application/json"));
            }

            using var response = await admin.SendAsync(request);
            var rows = await RowsAsync();
            Assert.True(rows.Any(r => r.GetString("What") == name && r.GetString("Method") == method), $"{method} {row.Path} ({name}) answered {(int)response.StatusCode} but is not in the trail.");
        }
    }

    [Fact]
    public async Task The_trail_records_who_what_and_the_outcome_and_the_api_and_page_show_it_newest_first()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin);
        using var refused = await admin.PostAsJsonAsync(new Uri("/api/partnerships/audit-who/links", UriKind.Relative), new { partner = "nobody" });
        using var issued = await admin.PostAsJsonAsync(new Uri("/api/partnerships/audit-who/links", UriKind.Relative), new { partner = "nca" });

        var trail = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/partnerships/audit-who/audit", UriKind.Relative));

        var entries = trail.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["IssueLink", "IssueLink", "PublishStrategy"], entries.Select(e => e.GetProperty("what").GetString()));
        Assert.Equal([201, 422, 201], entries.Select(e => e.GetProperty("status").GetInt32()));
        Assert.All(entries, e => Assert.Equal("test admin (admin)", e.GetProperty("who").GetString()));
        var page = await admin.GetStringAsync(new Uri("/partnerships/audit-who/admin/audit", UriKind.Relative));
        Assert.Contains("IssueLink", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_run_of_actions_the_trail_holds_no_token_key_code_or_survey_answer()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin);
        var link = await (await admin.PostAsJsonAsync(new Uri("/api/partnerships/audit-secrets/links", UriKind.Relative), new { partner = "nca" })).Content.ReadFromJsonAsync<JsonElement>();
        var token = link.GetProperty("url").GetString()!["/r/".Length..];
        using var browser = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true });
        await browser.GetAsync(new Uri("/r/" + token, UriKind.Relative));
        using var posted = await browser.PostAsync(new Uri("/r", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["narrative.achievements"] = "SECRET-NARRATIVE" }));
        var codes = await (await admin.PostAsJsonAsync(new Uri("/api/partnerships/audit-secrets/surveys/audit-secrets-pulse/codes", UriKind.Relative), new { count = 3 })).Content.ReadFromJsonAsync<JsonElement>();
        using var answered = await browser.PostAsJsonAsync(
            new Uri("/api/surveys/audit-secrets-pulse/responses", UriKind.Relative),
            new { partner = "nca", code = codes.GetProperty("codes")[0].GetString(), answers = new Dictionary<string, object> { ["wellbeing-supported"] = 4, ["free-text"] = "SECRET-ANSWER" } });
        using var signIn = await browser.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = AppFactory.BuryAdminKey }));

        var text = string.Join("\n", (await RowsAsync()).SelectMany(r => ((IDictionary<string, object>)r).Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Contains("personal link for partner nca", text, StringComparison.Ordinal);
        Assert.Contains("SignIn", text, StringComparison.Ordinal);
        string[] secrets = [token, "SECRET-NARRATIVE", "SECRET-ANSWER", AppFactory.AdminKey, AppFactory.BuryAdminKey, .. codes.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!)];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        Assert.DoesNotContain("SubmitSurveyResponse", text, StringComparison.Ordinal);
    }

    private async Task<List<TableEntity>> RowsAsync()
    {
        var table = _factory.Services.GetRequiredService<TableServiceClient>().GetTableClient(AuditTrail.TableName);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task PublishAsync(HttpClient admin)
    {
        foreach (var id in new[] { "audit-who", "audit-secrets" })
        {
            using var body = new StringContent(await StrategyPreviewApiTests.BuryAsync(id), Encoding.UTF8, "application/yaml");
            using var response = await admin.PutAsync(new Uri($"/api/partnerships/{id}/strategy", UriKind.Relative), body);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
    }

    private static string Route(string? raw) => raw is { Length: > 1 } ? raw.TrimEnd('/') : raw ?? "";

    private static AppFactory CreateFactory(AzuriteFixture azurite)
    {
        var factory = new AppFactory(azurite);
        // While Bury's wellbeing pulse is open and 2025-26-Q2's returns are due.
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2025, 10, 15, 12, 0, 0, TimeSpan.Zero))));
        return factory;
    }
}
