using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>
/// The anonymity promise against a determined insider, through the real app and Azurite: results
/// move only at releases, hidden groups' comments appear nowhere, and bursts are held back.
/// </summary>
/// <remarks>Each test has storage of its own: releases of one survey would otherwise carry over between them.</remarks>
public sealed class AnonymityTests : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string ResultsUrl = "/api/partnerships/bury/surveys/wellbeing-pulse/results";
    private const string ReleasesUrl = "/api/partnerships/bury/surveys/wellbeing-pulse/releases";
    private readonly AzuriteFixture _azurite = new();
    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public AnonymityTests()
    {
        _factory = new AppFactory(_azurite);
        _factory.Settings["Surveys:RateLimitPermits"] = "1000";
        _factory.Settings["Surveys:BurstLimit"] = "12";
        _factory.Settings["Surveys:BurstShareOfHeadcount"] = "0";
        _factory.Settings["Surveys:BurstWindowSeconds"] = "3600";
        _clock = _factory.UseClock(SurveyTesting.BothOpen);
    }

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private async Task AnswerAsync(string partner, int likert, string comment)
    {
        using var client = _factory.CreateClient();
        var response = await client.PostAsJsonAsync(new Uri("/api/surveys/wellbeing-pulse/responses", UriKind.Relative), new
        {
            partner,
            answers = new Dictionary<string, object>
            {
                ["wellbeing-supported"] = likert,
                ["wellbeing-conversation"] = likert,
                ["wellbeing-resources"] = likert,
                ["inclusive-manager"] = likert,
                ["recommend-place-to-work"] = 10 - likert,
                ["one-change"] = comment,
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<string> PollAsync()
    {
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        return await lead.GetStringAsync(new Uri(ResultsUrl, UriKind.Relative));
    }

    private async Task<JsonElement> ReleaseAsync()
    {
        using var admin = _factory.CreateClient(AppFactory.BuryAdminKey);
        var response = await admin.PostAsync(new Uri(ReleasesUrl, UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Partner(string results, string partnerId) =>
        JsonDocument.Parse(results).RootElement.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("partnerId").GetString() == partnerId);

    [Fact]
    public async Task A_lead_polling_between_single_responses_sees_no_change_until_a_release()
    {
        await _factory.PublishBuryAsync();
        var polls = new List<string> { await PollAsync() };
        for (var i = 0; i < 12; i++)
        {
            await AnswerAsync("nca", 1 + (i % 5), $"nca answer {i}");
            polls.Add(await PollAsync());
        }

        Assert.Single(polls.Distinct(StringComparer.Ordinal));

        await ReleaseAsync();
        var released = await PollAsync();
        Assert.Equal(12, Partner(released, "nca").GetProperty("scores").GetProperty("responseCount").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(released).RootElement.GetProperty("release").GetProperty("number").GetInt32());

        // One more response, then another admin release: one new response is fewer than the minimum, so nothing moves but the release's number.
        await AnswerAsync("nca", 5, "the thirteenth");
        Assert.Equal(released, await PollAsync());
        await ReleaseAsync();
        var again = JsonDocument.Parse(await PollAsync()).RootElement;
        Assert.Equal(2, again.GetProperty("release").GetProperty("number").GetInt32());
        Assert.Equal(
            JsonDocument.Parse(released).RootElement.GetProperty("overall").ToString(),
            again.GetProperty("overall").ToString());
        Assert.DoesNotContain("the thirteenth", again.ToString(), StringComparison.Ordinal);

        // The survey's close is a release point: read after it, results are released without an admin, and say when.
        _clock.Now = new DateTimeOffset(2025, 11, 3, 8, 0, 0, TimeSpan.Zero);
        var closed = JsonDocument.Parse(await PollAsync()).RootElement.GetProperty("release");
        Assert.Equal("survey-closed", closed.GetProperty("trigger").GetString());
        Assert.Equal("2025-10-31", closed.GetProperty("day").GetString());
    }

    [Fact]
    public async Task No_comment_of_a_hidden_group_appears_in_results_rollups_or_reports()
    {
        await _factory.PublishBuryAsync();
        for (var i = 0; i < 12; i++)
        {
            await AnswerAsync("nca", 4, $"nca words {i}");
        }

        for (var i = 0; i < 11; i++)
        {
            await AnswerAsync("pcft", 2, $"pcft words {i}");
        }

        for (var i = 0; i < 3; i++)
        {
            await AnswerAsync("bury-hospice", 1, $"hospice secret {i}");
        }

        var release = await ReleaseAsync();
        Assert.Equal(["nca", "pcft"], release.GetProperty("partnersReleased").EnumerateArray().Select(p => p.GetString()));

        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri("/api/partnerships/bury/rollups/2025-26-Q3", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri("/api/partnerships/bury/reports/2025-26-Q3", UriKind.Relative), null)).StatusCode);
        var outputs = new Dictionary<string, string>
        {
            ["results"] = await PollAsync(),
            ["release"] = release.ToString(),
            ["rollup"] = await admin.GetStringAsync(new Uri("/api/partnerships/bury/rollups/2025-26-Q3", UriKind.Relative)),
            ["report"] = await admin.GetStringAsync(new Uri("/api/partnerships/bury/reports/2025-26-Q3/workforce-wellbeing.html", UriKind.Relative)),
        };

        // The shown groups' comments are there, "All partners" included; the hospice's are nowhere.
        Assert.Contains("nca words 3", outputs["rollup"], StringComparison.Ordinal);
        Assert.Contains("pcft words 7", outputs["report"], StringComparison.Ordinal);
        var overallComments = JsonDocument.Parse(outputs["results"]).RootElement.GetProperty("overall").GetProperty("scores").GetProperty("texts")[0].GetProperty("answers");
        Assert.Equal(23, overallComments.GetArrayLength());
        Assert.All(outputs, output => Assert.DoesNotContain("hospice secret", output.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_burst_into_one_partner_group_is_held_back_and_flagged_to_the_admin()
    {
        await _factory.PublishBuryAsync();
        for (var i = 0; i < 16; i++)
        {
            await AnswerAsync("persona", 5, $"persona {i}");
        }

        var release = await ReleaseAsync();

        Assert.Equal(4, release.GetProperty("heldBack").GetProperty("persona").GetInt32());
        Assert.Equal(12, Partner(await PollAsync(), "persona").GetProperty("scores").GetProperty("responseCount").GetInt32());
    }
}
