using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>Survey ids claimed on publishing, single-use codes, and results with suppression.</summary>
public sealed class SurveyAdminApiTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly AppFactory _factory;

    public SurveyAdminApiTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new AppFactory(azurite);
        _factory.Settings["Surveys:RateLimitPermits"] = "1000";
        _factory.UseClock(SurveyTesting.BothOpen);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<HttpResponseMessage> PostResponseAsync(string surveyId, object body)
    {
        using var client = _factory.CreateClient();
        return await client.PostAsJsonAsync(new Uri($"/api/surveys/{surveyId}/responses", UriKind.Relative), body);
    }

    private static object NewStarter(string partner, string? code = null) => new
    {
        partner,
        code,
        answers = new Dictionary<string, object> { ["understand-locality"] = 4, ["work-across-boundaries"] = 2, ["induction-received"] = "No" },
    };

    private static object Wellbeing(string partner, int likert, string comment) => new
    {
        partner,
        answers = new Dictionary<string, object>
        {
            ["wellbeing-supported"] = likert,
            ["wellbeing-conversation"] = likert,
            ["wellbeing-resources"] = likert,
            ["inclusive-manager"] = likert,
            ["recommend-place-to-work"] = 10,
            ["one-change"] = comment,
        },
    };

    private async Task<HttpResponseMessage> IssueAsync(string key, string partnershipId, string surveyId, string body)
    {
        using var client = _factory.CreateClient(key);
        return await client.PostAsync(
            new Uri($"/api/partnerships/{partnershipId}/surveys/{surveyId}/codes", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task A_survey_id_belongs_to_the_first_partnership_that_publishes_it()
    {
        await _factory.PublishBuryAsync();
        var wakefield = File.ReadAllText(RepositoryPaths.Combine("strategies", "wakefield.yaml")).Replace("- id: staff-pulse", "- id: wellbeing-pulse", StringComparison.Ordinal)
            .Replace("surveyId: staff-pulse", "surveyId: wellbeing-pulse", StringComparison.Ordinal);

        var refused = await _factory.PublishAsync("wakefield", wakefield);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("wellbeing-pulse", errors.GetProperty("surveys[0].id")[0].GetString(), StringComparison.Ordinal);
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/partnerships/wakefield/strategy", UriKind.Relative))).StatusCode);

        // Bury publishing again keeps its ids; Wakefield with its own id publishes.
        var again = await _factory.PublishAsync("bury", File.ReadAllText(RepositoryPaths.Combine("strategies", "bury.yaml")).Replace("Two minutes, anonymous.", "Two minutes.", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _factory.PublishAsync("wakefield", File.ReadAllText(RepositoryPaths.Combine("strategies", "wakefield.yaml")))).StatusCode);

        // Found under Wakefield (it opens in January 2026), not unknown.
        Assert.Equal(HttpStatusCode.Conflict, (await PostResponseAsync("staff-pulse", new { partner = "myt" })).StatusCode);
        using var lead = _factory.CreateClient(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync(new Uri("/api/partnerships/wakefield/surveys/staff-pulse/results", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Issuing_codes_is_for_the_partnerships_admins_and_checks_the_count()
    {
        await _factory.PublishBuryAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await IssueAsync(AppFactory.LeadKey, "bury", "new-starter", "{\"count\": 2}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await IssueAsync(AppFactory.AdminKey, "bury", "no-such-survey", "{\"count\": 2}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await IssueAsync(AppFactory.AdminKey, "wakefield", "new-starter", "{\"count\": 2}")).StatusCode);
        foreach (var count in new[] { "0", "-1", "1001", "null" })
        {
            var refused = await IssueAsync(AppFactory.AdminKey, "bury", "new-starter", $"{{\"count\": {count}}}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("count", out _));
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await IssueAsync(AppFactory.AdminKey, "bury", "new-starter", "{\"count\": \"many\"}")).StatusCode);
    }

    [Fact]
    public async Task A_code_answers_once_and_is_stored_apart_from_the_response_without_a_link_to_it()
    {
        await _factory.PublishBuryAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostResponseAsync("new-starter", NewStarter("nca"))).StatusCode);

        var issued = await IssueAsync(AppFactory.BuryAdminKey, "bury", "new-starter", "{\"count\": 3}");
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var codes = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes").EnumerateArray().Select(code => code.GetString()!).ToList();
        Assert.Equal(3, codes.Count);
        Assert.All(codes, code => Assert.Matches("^[A-Z2-9]{5}-[A-Z2-9]{5}$", code));
        var table = new TableServiceClient(_azurite.ConnectionString).GetTableClient(SurveyCodeStore.TableName);
        async Task<List<TableEntity>> CodeRowsAsync()
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                rows.Add(row);
            }

            return rows;
        }

        var issuedRows = await CodeRowsAsync();

        async Task<string?> RefusedFieldAsync(object body)
        {
            var response = await PostResponseAsync("new-starter", body);
            return response.StatusCode == HttpStatusCode.Created ? null
                : string.Join(",", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }

        Assert.Equal("code", await RefusedFieldAsync(NewStarter("nca")));
        Assert.Equal("code", await RefusedFieldAsync(NewStarter("nca", "ZZZZZ-ZZZZZ")));
        Assert.Null(await RefusedFieldAsync(NewStarter("nca", codes[0].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal))));
        Assert.Equal("code", await RefusedFieldAsync(NewStarter("nca", codes[0])));

        // Invalid answers spend no code.
        Assert.Equal("partner", await RefusedFieldAsync(NewStarter("nobody", codes[1])));
        Assert.Null(await RefusedFieldAsync(NewStarter("pcft", codes[1])));

        // While the survey is open, using a code leaves its row untouched: no row says when it was used.
        Assert.Equal(issuedRows.Select(row => (row.RowKey, row.ETag, row.Timestamp)), (await CodeRowsAsync()).Select(row => (row.RowKey, row.ETag, row.Timestamp)));
        Assert.All(issuedRows, row => Assert.False(row.GetBoolean("Spent")));

        // After the close the codes are settled: every row rewritten together, the used ones marked spent.
        Assert.Equal(2, (await _factory.FlushAsync("new-starter", FlushOccasion.Closed)).CodesSettled);
        var rows = await CodeRowsAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.True(row.Timestamp > issuedRows.Max(issued => issued.Timestamp)));
        Assert.True(rows.Max(row => row.Timestamp) - rows.Min(row => row.Timestamp) < TimeSpan.FromSeconds(1));
        Assert.All(rows, row =>
        {
            Assert.Equal("bury|new-starter", row.PartitionKey);
            Assert.Matches("^[0-9a-f]{64}$", row.RowKey);
            Assert.Equal(["Spent"], row.Keys.Where(key => key is not ("PartitionKey" or "RowKey" or "Timestamp") && !key.StartsWith("odata.", StringComparison.Ordinal)));
        });
        Assert.Equal(2, rows.Count(row => row.GetBoolean("Spent") == true));
        var storedText = string.Join("\n", rows.Select(row => string.Join(",", row.Select(pair => $"{pair.Key}={pair.Value}"))));
        Assert.All(codes, code => Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), storedText, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Codes_are_stored_as_a_keyed_hash_and_unknown_and_spent_codes_get_the_same_answer()
    {
        await _factory.PublishBuryAsync();
        var issued = await IssueAsync(AppFactory.BuryAdminKey, "bury", "new-starter", "{\"count\": 1}");
        var code = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes")[0].GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await PostResponseAsync("new-starter", NewStarter("nca", code))).StatusCode);

        // The row is not the bare SHA-256 anyone could compute by trying every code.
        var table = new TableServiceClient(_azurite.ConnectionString).GetTableClient(SurveyCodeStore.TableName);
        var bareHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(code.Replace("-", "", StringComparison.Ordinal))));
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            keys.Add(row.RowKey);
        }

        Assert.NotEmpty(keys);
        Assert.DoesNotContain(bareHash, keys);

        var spent = await PostResponseAsync("new-starter", NewStarter("nca", code));
        var unknown = await PostResponseAsync("new-starter", NewStarter("nca", "ZZZZZ-ZZZZZ"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, spent.StatusCode);
        Assert.Equal(spent.StatusCode, unknown.StatusCode);
        static async Task<string> WithoutTraceAsync(HttpResponseMessage response) =>
            System.Text.RegularExpressions.Regex.Replace(await response.Content.ReadAsStringAsync(), "\"traceId\":\"[^\"]*\"", "");
        Assert.Equal(await WithoutTraceAsync(spent), await WithoutTraceAsync(unknown));

        using var browser = _factory.CreateClient();
        async Task<(HttpStatusCode, string)> PageAsync(string tried)
        {
            var page = await browser.PostAsync(new Uri("/s/new-starter?partner=nca", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["code"] = tried,
                ["submission"] = "one-page-tried-twice",
                ["answers.understand-locality"] = "4",
                ["answers.work-across-boundaries"] = "2",
                ["answers.induction-received"] = "No",
            }));
            return (page.StatusCode, (await page.Content.ReadAsStringAsync()).Replace(tried, "CODE", StringComparison.Ordinal));
        }

        var spentPage = await PageAsync(code);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, spentPage.Item1);
        Assert.Equal(spentPage, await PageAsync("ZZZZZ-ZZZZZ"));
    }

    [Fact]
    public async Task Results_are_for_leads_and_admins_with_small_groups_and_their_comments_hidden()
    {
        const string WellbeingLeadKey = "test-wellbeing-lead-key";
        _factory.Settings["Auth:ApiKeys:5:Name"] = "test workforce-wellbeing lead";
        _factory.Settings["Auth:ApiKeys:5:Key"] = WellbeingLeadKey;
        _factory.Settings["Auth:ApiKeys:5:Role"] = "lead";
        _factory.Settings["Auth:ApiKeys:5:Partnership"] = "bury";
        _factory.Settings["Auth:ApiKeys:5:Programmes:0"] = "workforce-wellbeing";
        await _factory.PublishBuryAsync();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await PostResponseAsync("wellbeing-pulse", Wellbeing("nca", 4, $"nca comment {i}"))).StatusCode);
        }

        for (var i = 0; i < 11; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await PostResponseAsync("wellbeing-pulse", Wellbeing("pcft", 2, $"pcft comment {i}"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await PostResponseAsync("wellbeing-pulse", Wellbeing("bury-hospice", 1, "the only hospice comment"))).StatusCode);

        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var unreleased = JsonDocument.Parse(await lead.GetStringAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/results", UriKind.Relative))).RootElement;
        Assert.Equal(0, unreleased.GetProperty("overall").GetProperty("scores").GetProperty("responseCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, unreleased.GetProperty("release").ValueKind);

        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/releases", UriKind.Relative), null)).StatusCode);
        var released = await admin.PostAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/releases", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(["nca", "pcft"], (await released.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("partnersReleased").EnumerateArray().Select(p => p.GetString()));

        var response = await lead.GetAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/results", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = JsonDocument.Parse(text).RootElement;
        Assert.Equal(1, results.GetProperty("release").GetProperty("number").GetInt32());
        Assert.Equal("self-declared", results.GetProperty("partnerBasis").GetString());
        Assert.Equal(23, results.GetProperty("overall").GetProperty("scores").GetProperty("responseCount").GetInt32());
        var partners = results.GetProperty("partners").EnumerateArray().ToDictionary(p => p.GetProperty("partnerId").GetString()!);

        // The hospice's one response waits for a release with at least the minimum of new ones: it is in no figure and no list.
        Assert.Equal(0, partners["bury-hospice"].GetProperty("scores").GetProperty("responseCount").GetInt32());
        Assert.Equal(11, partners["pcft"].GetProperty("scores").GetProperty("responseCount").GetInt32());
        Assert.Equal(12, partners["nca"].GetProperty("scores").GetProperty("responseCount").GetInt32());
        Assert.DoesNotContain("hospice comment", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pcft comment", partners["nca"].ToString(), StringComparison.Ordinal);

        using var otherProgrammeLead = _factory.CreateClient(AppFactory.ScopedLeadKey);
        using var wellbeingLead = _factory.CreateClient(WellbeingLeadKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherProgrammeLead.GetAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/results", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wellbeingLead.GetAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/results", UriKind.Relative))).StatusCode);
        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/results", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/results", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/api/partnerships/bury/surveys/wellbeing-pulse/results", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/partnerships/bury/surveys/no-such-survey/results", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/partnerships/wakefield/surveys/wellbeing-pulse/results", UriKind.Relative))).StatusCode);
    }
}
