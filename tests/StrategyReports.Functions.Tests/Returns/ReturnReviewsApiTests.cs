using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Tests.Errors;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Returns;

/// <summary>Accepting and querying returns through the API: history kept, state per latest version, conflicts and bad input refused.</summary>
public sealed class ReturnReviewsApiTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string ReviewLeadKey = "test-review-lead-key";
    private readonly AppFactory _factory;
    private readonly string _p = NewPartnership();

    public ReturnReviewsApiTests(AzuriteFixture azurite)
    {
        (_factory, _) = Create(azurite);

        // A lead of the whole test partnership, so decisions are made as a lead rather than an admin.
        _factory.Settings["Auth:ApiKeys:5:Name"] = "Review Lead";
        _factory.Settings["Auth:ApiKeys:5:Key"] = ReviewLeadKey;
        _factory.Settings["Auth:ApiKeys:5:Role"] = "lead";
        _factory.Settings["Auth:ApiKeys:5:Partnership"] = _p;
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_lead_accepts_the_latest_version_and_the_return_shows_the_decision()
    {
        var (admin, lead) = await SetUpAsync();
        await PutAsync(admin, _p, "care-home", GoodCareHomeReturn);

        var accepted = await PostAsync(lead, "care-home", """{"decision": "accept", "basedOnVersion": 1, "comment": "Thanks"}""");
        var decision = await JsonAsync(accepted);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("accept", decision.GetProperty("decision").GetString());
        Assert.Equal("Review Lead", decision.GetProperty("reviewedBy").GetString());
        Assert.Equal(1, decision.GetProperty("basedOnVersion").GetInt32());

        var history = await JsonAsync(await lead.GetAsync(Reviews("care-home")));
        Assert.Equal("accepted", history.GetProperty("state").GetString());
        Assert.Equal(1, history.GetProperty("reviews").GetArrayLength());

        var read = await JsonAsync(await lead.GetAsync(new Uri($"/api/partnerships/{_p}/returns/{PeriodId}/care-home", UriKind.Relative)));
        Assert.Equal("accepted", read.GetProperty("reviewState").GetString());
        Assert.Equal("Thanks", read.GetProperty("reviews")[0].GetProperty("comment").GetString());
    }

    [Fact]
    public async Task A_query_stays_open_until_the_partner_resubmits_and_then_the_new_version_awaits_review()
    {
        var (admin, lead) = await SetUpAsync();
        var first = await PutAsync(admin, _p, "care-home", GoodCareHomeReturn);

        var queried = await PostAsync(lead, "care-home", """
            {"decision": "query", "basedOnVersion": 1, "comment": "Two figures look wrong",
             "measures": [{"measureId": "vacancies", "comment": "4 is lower than your vacancy report"}, {"measureId": "volunteers", "comment": "Volunteers or staff?"}]}
            """);
        Assert.Equal(HttpStatusCode.Created, queried.StatusCode);

        var store = _factory.Services.GetRequiredService<ReturnReviewStore>();
        var period = Period.Parse(PeriodId);
        var open = await store.GetOpenQueryAsync(_p, period, "care-home");
        Assert.NotNull(open);
        Assert.Equal("Two figures look wrong", open.Comment);
        Assert.Equal([new ValueComment("vacancies", "4 is lower than your vacancy report"), new ValueComment("volunteers", "Volunteers or staff?")], open.ValueComments);
        Assert.Equal(ReviewState.Queried, (await store.ListStatesAsync(_p, period))["care-home"].State);

        var resubmitted = await PutAsync(admin, _p, "care-home", GoodCareHomeReturn.Replace("\"vacancies\": 4", "\"vacancies\": 9", StringComparison.Ordinal), ifMatch: first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Created, resubmitted.StatusCode);

        Assert.Null(await store.GetOpenQueryAsync(_p, period, "care-home"));
        var history = await JsonAsync(await lead.GetAsync(Reviews("care-home")));
        Assert.Equal("awaiting-review", history.GetProperty("state").GetString());
        Assert.Equal(2, history.GetProperty("latestVersion").GetInt32());
        Assert.Equal("query", history.GetProperty("reviews")[0].GetProperty("decision").GetString());
        Assert.Equal(2, history.GetProperty("reviews")[0].GetProperty("measures").GetArrayLength());

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(lead, "care-home", """{"decision": "accept", "basedOnVersion": 2}""")).StatusCode);
        Assert.Equal(ReviewState.Accepted, (await store.ListStatesAsync(_p, period))["care-home"].State);
    }

    [Fact]
    public async Task A_decision_on_a_superseded_version_is_a_conflict_and_records_nothing()
    {
        var (admin, lead) = await SetUpAsync();
        var first = await PutAsync(admin, _p, "care-home", GoodCareHomeReturn);
        await PutAsync(admin, _p, "care-home", GoodCareHomeReturn.Replace("\"vacancies\": 4", "\"vacancies\": 5", StringComparison.Ordinal), ifMatch: first.Headers.ETag!.ToString());

        var stale = await PostAsync(lead, "care-home", """{"decision": "accept", "basedOnVersion": 1}""");
        var problem = await JsonAsync(stale);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("version 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var history = await JsonAsync(await lead.GetAsync(Reviews("care-home")));
        Assert.Equal(0, history.GetProperty("reviews").GetArrayLength());
        Assert.Equal("awaiting-review", history.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("""{}""", "decision")]
    [InlineData("""{"decision": "approve", "basedOnVersion": 1}""", "decision")]
    [InlineData("""{"decision": "accept"}""", "basedOnVersion")]
    [InlineData("""{"decision": "accept", "basedOnVersion": 7}""", "basedOnVersion")]
    [InlineData("""{"decision": "query", "basedOnVersion": 1}""", "comment")]
    [InlineData("""{"decision": "query", "basedOnVersion": 1, "comment": "x", "measures": [{"measureId": "agency-spend", "comment": "x"}]}""", "measures[0].measureId")]
    [InlineData("""{"decision": "query", "basedOnVersion": 1, "comment": "x", "measures": [{"measureId": "vacancies"}]}""", "measures[0].comment")]
    [InlineData("""{"decision": "accept", "basedOnVersion": 1, "measures": [{"measureId": "vacancies", "comment": "x"}]}""", "measures")]
    public async Task Bad_input_is_422_naming_the_field_and_records_nothing(string body, string field)
    {
        var (admin, lead) = await SetUpAsync();
        await PutAsync(admin, _p, "care-home", GoodCareHomeReturn);

        var response = await PostAsync(lead, "care-home", body);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(0, (await JsonAsync(await lead.GetAsync(Reviews("care-home")))).GetProperty("reviews").GetArrayLength());
    }

    [Fact]
    public async Task Malformed_json_is_400_and_unknown_things_are_404()
    {
        var (admin, lead) = await SetUpAsync();
        await PutAsync(admin, _p, "care-home", GoodCareHomeReturn);

        var malformed = await ProblemDetailsTests.AssertProblemAsync(await PostAsync(lead, "care-home", "{"), HttpStatusCode.BadRequest);
        var noReturn = await ProblemDetailsTests.AssertProblemAsync(await PostAsync(lead, "trust", """{"decision": "accept", "basedOnVersion": 1}"""), HttpStatusCode.NotFound);
        var noPartner = await ProblemDetailsTests.AssertProblemAsync(await PostAsync(lead, "no-such-partner", """{"decision": "accept", "basedOnVersion": 1}"""), HttpStatusCode.NotFound);
        var noReviews = await ProblemDetailsTests.AssertProblemAsync(await lead.GetAsync(Reviews("trust")), HttpStatusCode.NotFound);

        Assert.Equal("Bad request", malformed.GetProperty("title").GetString());
        Assert.StartsWith("The body is not valid JSON", malformed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Unknown return", noReturn.GetProperty("title").GetString());
        Assert.Equal("There is no partner 'no-such-partner'.", noPartner.GetProperty("detail").GetString());
        Assert.Equal("Unknown return", noReviews.GetProperty("title").GetString());
    }

    [Fact]
    public async Task With_count_only_accepted_the_rollup_counts_an_accepted_return_once_a_lead_accepts_it()
    {
        var (admin, lead) = await SetUpAsync(countOnlyAccepted: true);
        await PutAsync(admin, _p, "care-home", GoodCareHomeReturn);
        await PutAsync(admin, _p, "trust", """{"values": {"vacancies": 30}}""");

        var before = await RollupAsync(admin);
        Assert.Equal((0, 2), (before.GetProperty("completeness").GetProperty("accepted").GetInt32(), before.GetProperty("completeness").GetProperty("received").GetInt32()));
        Assert.Equal(JsonValueKind.Null, Vacancies(before).GetProperty("value").ValueKind);

        await PostAsync(lead, "care-home", """{"decision": "accept", "basedOnVersion": 1}""");
        var after = await RollupAsync(admin);

        // The care home's 4 counts; the trust's 30 waits for its acceptance.
        Assert.Equal(1, after.GetProperty("completeness").GetProperty("accepted").GetInt32());
        Assert.Equal(4m, Vacancies(after).GetProperty("value").GetDecimal());
        Assert.NotEqual(before.GetProperty("inputFingerprint").GetString(), after.GetProperty("inputFingerprint").GetString());
    }

    private static JsonElement Vacancies(JsonElement rollup) =>
        rollup.GetProperty("programmes")[0].GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("measureId").GetString() == "vacancies");

    private async Task<JsonElement> RollupAsync(HttpClient admin)
    {
        (await admin.PostAsync(new Uri($"/api/partnerships/{_p}/rollups/{PeriodId}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        return (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{_p}/rollups/{PeriodId}", UriKind.Relative)))).GetProperty("rollup");
    }

    private async Task<(HttpClient Admin, HttpClient Lead)> SetUpAsync(bool countOnlyAccepted = false)
    {
        var admin = _factory.CreateClient(AppFactory.AdminKey);
        if (countOnlyAccepted)
        {
            var strategy = Strategy(_p).Replace("\"surveys\": []", "\"surveys\": [], \"returns\": { \"countOnlyAccepted\": true }", StringComparison.Ordinal);
            using var content = new StringContent(strategy, Encoding.UTF8, "application/json");
            (await admin.PutAsync(new Uri($"/api/partnerships/{_p}/strategy", UriKind.Relative), content)).EnsureSuccessStatusCode();
        }
        else
        {
            await PublishAsync(admin, _p);
        }

        return (admin, _factory.CreateClient(ReviewLeadKey));
    }

    private Uri Reviews(string partnerId) => new($"/api/partnerships/{_p}/returns/{PeriodId}/{partnerId}/reviews", UriKind.Relative);

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string partnerId, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PostAsync(Reviews(partnerId), content);
    }
}
