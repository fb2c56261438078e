using System.Net;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc.Testing;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Reliability.LiveApp;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// While storage cannot be reached (the proxy refuses or resets every connection, or Azurite itself is stopped), every
/// write answers 503 with Retry-After, every page a plain "try again shortly" page, never a 500 or a stack trace; and
/// once storage is back nothing of those writes is found.
/// </summary>
[Collection(FaultTests.Collection)]
public sealed class StorageOutageTests(FaultStorage faults)
{
    public static TheoryData<string> Outages => ["refused", "reset", "stopped"];

    private readonly AzuriteFixture _azurite = faults.Azurite;

    [Theory]
    [Trait(Categories.Name, Categories.Slow)]
    [MemberData(nameof(Outages))]
    public async Task Writes_answer_503_with_retry_after_pages_say_try_again_shortly_and_nothing_is_stored(string outage)
    {
        await using var storage = faults.NewStorage();
        using var factory = InProcess(storage);
        using var app = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        await ExpectAsync(HttpStatusCode.Created, PublishAsync(app, Strategy()));
        var browser = new FormBrowser(app, behindTlsFrontEnd: false);
        await browser.OpenAsync("care-home");
        var hidden = await browser.HiddenFieldsAsync();

        await StartOutageAsync(storage, outage);
        var writes = new Dictionary<string, Task<HttpResponseMessage>>
        {
            ["return"] = SubmitReturnAsync(app, "trust", 5, "during the outage", null, "outage-key"),
            ["survey response"] = RespondAsync(app, "trust", "during the outage"),
            ["strategy"] = PublishAsync(app, Strategy("Renamed during the outage")),
            ["rollup"] = app.SendAsync(AppProcess.AsAdmin(HttpMethod.Post, $"/api/partnerships/{PartnershipId}/rollups/{Period.Id}")),
        };
        var pages = new Dictionary<string, Task<HttpResponseMessage>>
        {
            ["survey page"] = app.SendAsync(Page(HttpMethod.Get, $"/s/{SurveyId}")),
            ["survey form post"] = app.SendAsync(SurveyFormPost()),
            ["return form"] = browser.GetFormAsync(),
            ["return form post"] = browser.PostAsync(hidden, 5, "during the outage"),
        };
        await Task.WhenAll(writes.Values.Concat(pages.Values));
        await EndOutageAsync(storage, outage);

        foreach (var (name, answer) in writes)
        {
            using var response = await answer;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{name}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(Functions.Errors.StorageFaults.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        }

        foreach (var (name, answer) in pages)
        {
            using var response = await answer;
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{name}: {(int)response.StatusCode} {html}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(Functions.Errors.StorageFaults.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Contains("try again shortly", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
            Assert.DoesNotContain(" at StrategyReports", html, StringComparison.Ordinal);
        }

        // Nothing of any of them was stored: no return, no staged response, no second strategy version, no rollup.
        var tables = new TableServiceClient(storage.DirectConnectionString);
        Assert.Empty(await RowsAsync(tables.GetTableClient(ReturnStore.TableName), ReturnStore.PartitionKey(PartnershipId, Period)));
        Assert.Empty(await RowsAsync(tables.GetTableClient(SurveyStaging.TableName), SurveyResponseStore.PartitionKey(PartnershipId, SurveyId)));
        Assert.Single(await RowsAsync(tables.GetTableClient(StrategyStore.TableName), PartnershipId));
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(AppProcess.AsAdmin(HttpMethod.Get, $"/api/partnerships/{PartnershipId}/rollups/{Period.Id}"))).StatusCode);
    }

    private async Task StartOutageAsync(ProxiedStorage storage, string outage)
    {
        switch (outage)
        {
            case "refused":
                storage.Both(proxy => proxy.Refuse());
                break;
            case "reset":
                storage.Both(proxy => proxy.Reset());
                break;
            default:
                await _azurite.TerminateAsync();
                break;
        }
    }

    private async Task EndOutageAsync(ProxiedStorage storage, string outage)
    {
        if (outage == "stopped")
        {
            await _azurite.RestartAsync();
        }

        storage.Both(proxy => proxy.Heal());
    }

    private static HttpRequestMessage Page(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return request;
    }

    private static HttpRequestMessage SurveyFormPost()
    {
        var request = Page(HttpMethod.Post, $"/s/{SurveyId}");
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["partner"] = "trust", ["answers.supported"] = "4" });
        return request;
    }
}
