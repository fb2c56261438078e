using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Returns;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Returns;

public sealed class ReturnsApiTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public ReturnsApiTests(AzuriteFixture azurite) => (_factory, _clock) = Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_submission_is_stored_as_a_version_and_read_back_with_its_history()
    {
        var (admin, p) = await SetUpAsync();

        var first = await PutAsync(admin, p, "care-home", GoodCareHomeReturn);
        var receipt = await JsonAsync(first);
        var etag = first.Headers.ETag!.ToString();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/partnerships/{p}/returns/{PeriodId}/care-home", first.Headers.Location!.OriginalString);
        Assert.Equal(1, receipt.GetProperty("version").GetInt32());
        Assert.Equal(1, receipt.GetProperty("strategyVersion").GetInt32());
        Assert.Equal("Sam Jones", receipt.GetProperty("submittedBy").GetString());
        Assert.False(receipt.GetProperty("isLate").GetBoolean());
        Assert.Equal(0, receipt.GetProperty("warnings").GetArrayLength());

        var second = await PutAsync(admin, p, "care-home", GoodCareHomeReturn.Replace("\"vacancies\": 4", "\"vacancies\": 5", StringComparison.Ordinal), ifMatch: etag);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var changes = (await JsonAsync(second)).GetProperty("changes");
        Assert.Equal("""[{"field":"values.vacancies","from":4,"to":5}]""", changes.GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));

        var read = await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative));
        var body = await JsonAsync(read);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(second.Headers.ETag!.ToString(), read.Headers.ETag!.ToString());
        var latest = body.GetProperty("latest");
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
        Assert.Equal(5, latest.GetProperty("values").GetProperty("vacancies").GetInt32());
        Assert.Equal(600, latest.GetProperty("values").GetProperty("sickness-absence").GetProperty("denominator").GetInt32());
        Assert.True(latest.GetProperty("values").GetProperty("edi-strategy").GetBoolean());
        Assert.Equal("Winter pressures", latest.GetProperty("narrative").GetProperty("risks").GetString());
        Assert.Equal([1, 2], body.GetProperty("history").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(4, body.GetProperty("history")[0].GetProperty("values").GetProperty("vacancies").GetInt32());
    }

    [Theory]
    [InlineData("""{"values": {"vacancies": 2.5}}""", "values.vacancies")]
    [InlineData("""{"values": {"vacancies": -1}}""", "values.vacancies")]
    [InlineData("""{"values": {"vacancies": "four"}}""", "values.vacancies")]
    [InlineData("""{"values": {"vacancies": 1e300}}""", "values.vacancies")]
    [InlineData("""{"values": {"vacancies": 99999999999999}}""", "values.vacancies")]
    [InlineData("""{"values": {"agency-spend": 100}}""", "values.agency-spend")]
    [InlineData("""{"values": {"unknown": 1}}""", "values.unknown")]
    [InlineData("""{"values": {"edi-strategy": "yes"}}""", "values.edi-strategy")]
    [InlineData("""{"values": {"sickness-absence": 5}}""", "values.sickness-absence")]
    [InlineData("""{"values": {"sickness-absence": {"numerator": 1, "denominator": 0}}}""", "values.sickness-absence.denominator")]
    [InlineData("""{"values": {"sickness-absence": {"numerator": 700, "denominator": 600}}}""", "values.sickness-absence.numerator")]
    [InlineData("""{"values": {"sickness-absence": {"numerator": 7}}}""", "values.sickness-absence.denominator")]
    [InlineData("""{"narrative": {"risks": 3}}""", "narrative.risks")]
    [InlineData("""{"narrative": {"other": "x"}}""", "narrative.other")]
    [InlineData("""{"submittedBy": ["a"]}""", "submittedBy")]
    [InlineData("""{"value": {}}""", "value")]
    [InlineData("""{"values": {"vacancies": NaN}}""", "body")]
    [InlineData("""{"values": {"vacancies": Infinity}}""", "body")]
    [InlineData("""not json""", "body")]
    [InlineData("""{"values": {"vacancies": 1, "vacancies": 2}}""", "body")]
    [InlineData("", "body")]
    [InlineData("""null""", "body")]
    public async Task Every_bad_input_is_422_naming_the_field_and_stores_nothing(string body, string field)
    {
        var (admin, p) = await SetUpAsync();

        var response = await PutAsync(admin, p, "care-home", body);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_narrative_over_the_limit_is_refused()
    {
        var (admin, p) = await SetUpAsync();
        var body = new System.Text.Json.Nodes.JsonObject { ["narrative"] = new System.Text.Json.Nodes.JsonObject { ["achievements"] = new string('x', ReturnValidator.NarrativeMaxLength + 1) } };

        var response = await PutAsync(admin, p, "care-home", body.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("narrative.achievements", out _));
    }

    [Fact]
    public async Task The_window_refuses_early_marks_late_locks_after_close_and_admins_can_reopen()
    {
        var (admin, p) = await SetUpAsync();

        _clock.Now = BeforeOpen;
        var early = await PutAsync(admin, p, "care-home", GoodCareHomeReturn);
        var earlyProblem = await JsonAsync(early);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("2026-09-16", earlyProblem.GetProperty("opensOn").GetString());
        Assert.Contains("16 September 2026", earlyProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        _clock.Now = AfterDue;
        var late = await PutAsync(admin, p, "care-home", GoodCareHomeReturn);
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.True((await JsonAsync(late)).GetProperty("isLate").GetBoolean());

        _clock.Now = AfterClose;
        var locked = await PutAsync(admin, p, "trust", """{"values": {"vacancies": 1}}""");
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
        Assert.Equal("2026-11-04", (await JsonAsync(locked)).GetProperty("closedOn").GetString());

        var reopen = await admin.PostAsync(new Uri($"/api/partnerships/{p}/periods/{PeriodId}/reopening", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
        var reopened = await PutAsync(admin, p, "trust", """{"values": {"vacancies": 1}}""");
        Assert.Equal(HttpStatusCode.Created, reopened.StatusCode);
        Assert.True((await JsonAsync(reopened)).GetProperty("isLate").GetBoolean());

        var close = await admin.DeleteAsync(new Uri($"/api/partnerships/{p}/periods/{PeriodId}/reopening", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal((HttpStatusCode)423, (await PutAsync(admin, p, "bury-council", """{"values": {"vacancies": 1}}""")).StatusCode);

        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync(new Uri($"/api/partnerships/bury/periods/{PeriodId}/reopening", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_result_and_stores_nothing_twice()
    {
        var (admin, p) = await SetUpAsync();

        var first = await PutAsync(admin, p, "care-home", GoodCareHomeReturn, idempotencyKey: "retry-1");
        var again = await PutAsync(admin, p, "care-home", GoodCareHomeReturn, idempotencyKey: "retry-1");
        var reused = await PutAsync(admin, p, "care-home", """{"values": {"vacancies": 9}}""", ifMatch: first.Headers.ETag!.ToString(), idempotencyKey: "retry-1");
        var badKey = await PutAsync(admin, p, "care-home", GoodCareHomeReturn, idempotencyKey: "has/slash");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.True((await JsonAsync(reused)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badKey.StatusCode);
        var history = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("history");
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_store_one_version()
    {
        var (admin, p) = await SetUpAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PutAsync(admin, p, "care-home", GoodCareHomeReturn, idempotencyKey: "burst")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.All(responses, r => Assert.Equal(1, JsonAsync(r).Result.GetProperty("version").GetInt32()));
        var history = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("history");
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task Stale_or_missing_if_match_cannot_overwrite_a_version_not_seen()
    {
        var (admin, p) = await SetUpAsync();

        var noReturnYet = await PutAsync(admin, p, "care-home", GoodCareHomeReturn, ifMatch: "W/\"datetime'2026-01-01T00%3A00%3A00Z'\"");
        var first = await PutAsync(admin, p, "care-home", GoodCareHomeReturn);
        var etag = first.Headers.ETag!.ToString();
        var withoutIfMatch = await PutAsync(admin, p, "care-home", GoodCareHomeReturn);
        var second = await PutAsync(admin, p, "care-home", GoodCareHomeReturn, ifMatch: etag);
        var stale = await PutAsync(admin, p, "care-home", GoodCareHomeReturn, ifMatch: etag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, noReturnYet.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutIfMatch.StatusCode);
        Assert.Equal(etag, (await JsonAsync(withoutIfMatch)).GetProperty("currentETag").GetString());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(2, (await JsonAsync(stale)).GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public async Task Two_editors_racing_from_one_version_store_one_and_the_other_gets_412()
    {
        var (admin, p) = await SetUpAsync();
        var etag = (await PutAsync(admin, p, "care-home", GoodCareHomeReturn)).Headers.ETag!.ToString();

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => PutAsync(admin, p, "care-home", GoodCareHomeReturn.Replace("\"vacancies\": 4", $"\"vacancies\": {10 + i}", StringComparison.Ordinal), ifMatch: etag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var history = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("history");
        Assert.Equal(2, history.GetArrayLength());
    }

    [Fact]
    public async Task Blank_measures_and_values_far_from_last_quarter_are_accepted_with_warnings()
    {
        var (admin, p) = await SetUpAsync();
        _clock.Now = PreviousQuarterOpen;
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", GoodCareHomeReturn, period: "2026-27-Q1")).StatusCode);

        _clock.Now = Open;
        var response = await PutAsync(admin, p, "care-home", """{"values": {"vacancies": 10, "sickness-absence": {"numerator": 31, "denominator": 600}, "edi-strategy": true}}""");
        var warnings = (await JsonAsync(response)).GetProperty("warnings").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            [("values.vacancies", "far-from-last-quarter"), ("values.volunteers", "left-blank")],
            warnings.Select(w => (w.GetProperty("field").GetString(), w.GetProperty("code").GetString())));
    }

    [Fact]
    public async Task Partners_submit_and_read_only_their_own_returns_and_leads_read_but_do_not_submit()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin, "bury");
        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        using var anonymous = _factory.CreateClient();

        var own = await PutAsync(partner, "bury", "bury-council", """{"values": {"vacancies": 3}}""");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal("test partner", (await JsonAsync(own)).GetProperty("submittedBy").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(partner, "bury", "trust", """{"values": {"vacancies": 3}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/bury-council", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/trust", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(lead, "bury", "trust", """{"values": {"vacancies": 3}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/bury-council", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PutAsync(anonymous, "bury", "bury-council", """{"values": {"vacancies": 3}}""")).StatusCode);
    }

    [Theory]
    [InlineData("bury-x/returns/2026-27-Q2/trust")]
    [InlineData("{p}/returns/2026-27-Q9/trust")]
    [InlineData("{p}/returns/2099-00-Q1/trust")]
    [InlineData("{p}/returns/2024-25-Q1/trust")]
    [InlineData("{p}/returns/2026-27-Q2/nobody")]
    [InlineData("{p}/returns/2026-27-Q2/Not_An_Id")]
    public async Task Unknown_partnerships_periods_and_partners_are_404(string path)
    {
        var (admin, p) = await SetUpAsync();

        using var content = new StringContent("""{"values": {}}""", System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PutAsync(new Uri($"/api/partnerships/{path.Replace("{p}", p, StringComparison.Ordinal)}", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Completeness_counts_on_time_late_and_missing_and_names_the_missing()
    {
        var (admin, p) = await SetUpAsync();
        await PutAsync(admin, p, "care-home", GoodCareHomeReturn);
        _clock.Now = AfterDue;
        await PutAsync(admin, p, "trust", """{"values": {"vacancies": 2, "agency-spend": 1000}}""");

        var response = await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}", UriKind.Relative));
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, body.GetProperty("expected").GetInt32());
        Assert.Equal(2, body.GetProperty("received").GetInt32());
        Assert.Equal(11, body.GetProperty("expectedValues").GetInt32());
        Assert.Equal(6, body.GetProperty("receivedValues").GetInt32());
        Assert.Equal("care-home", Assert.Single(body.GetProperty("onTime").EnumerateArray()).GetProperty("partner").GetString());
        Assert.Equal("trust", Assert.Single(body.GetProperty("late").EnumerateArray()).GetProperty("partner").GetString());
        var missing = Assert.Single(body.GetProperty("missing").EnumerateArray());
        Assert.Equal("bury-council", missing.GetProperty("partner").GetString());
        Assert.Equal("Bury Council", missing.GetProperty("name").GetString());
        Assert.Equal("late", body.GetProperty("window").GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_rollup_reads_every_partners_latest_version_in_one_call()
    {
        var (admin, p) = await SetUpAsync();
        var first = await PutAsync(admin, p, "care-home", GoodCareHomeReturn);
        await PutAsync(admin, p, "care-home", GoodCareHomeReturn.Replace("\"vacancies\": 4", "\"vacancies\": 6", StringComparison.Ordinal), ifMatch: first.Headers.ETag!.ToString());
        await PutAsync(admin, p, "trust", """{"values": {"sickness-absence": {"numerator": 5, "denominator": 50}}}""");

        var latest = await _factory.Services.GetRequiredService<ReturnStore>().ListLatestAsync(p, Period.Parse(PeriodId));

        Assert.Equal(["care-home", "trust"], latest.Select(r => r.PartnerId).Order(StringComparer.Ordinal));
        var careHome = latest.Single(r => r.PartnerId == "care-home");
        Assert.Equal(2, careHome.Version);
        Assert.Equal(new CountValue(6), careHome.Values["vacancies"]);
        Assert.Equal(new RatioValue(30, 600), careHome.Values["sickness-absence"]);
        Assert.Equal(new YesNoValue(true), careHome.Values["edi-strategy"]);
        Assert.Equal(new RatioValue(5, 50), latest.Single(r => r.PartnerId == "trust").Values["sickness-absence"]);
    }

    private async Task<(HttpClient Admin, string PartnershipId)> SetUpAsync()
    {
        var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        return (admin, p);
    }
}
