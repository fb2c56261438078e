using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.Functions.Tests.Rollups;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>
/// A rollup reads released responses as their rows are parsed (<see cref="SurveyReleases.ReadReleasedAsync"/>) instead of
/// holding them all: it must see exactly what every other output sees through <see cref="ReleasedSurvey.Released"/>.
/// </summary>
public sealed class ReleasedReadingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Reading_as_rows_arrive_gives_each_released_response_once_as_the_releases_show_it()
    {
        const string Partnership = "streamed";
        using var factory = new AppFactory(azurite);
        factory.UseClock(SurveyTesting.BothOpen);
        var survey = await PublishAsync(factory, Partnership);
        var store = new SurveyResponseStore(new TableServiceClient(azurite.ConnectionString));
        var day = DateOnly.FromDateTime(SurveyTesting.BothOpen.UtcDateTime);

        // "big" has enough responses, but only two answered the optional question, which its batch withholds;
        // "small" has too few to be released; one of big's is held back as part of a burst.
        var big = Enumerable.Range(0, 12).Select(i => Staged(survey, "big", day, i, workload: i < 2)).ToList();
        var small = Enumerable.Range(0, 3).Select(i => Staged(survey, "small", day, i, workload: true)).ToList();
        var held = Staged(survey, "big", day, 99, workload: false) with { Held = true };
        await store.WriteBatchAsync(Partnership, [.. big.Take(8), .. small]);
        // The same responses again in a batch that grew before it was written again: other rows, the same ids.
        await store.WriteBatchAsync(Partnership, [.. big, held]);

        using var admin = factory.CreateClient(AppFactory.AdminKey);
        using var released = await admin.PostAsync(new Uri($"/api/partnerships/{Partnership}/surveys/{survey.Id}/releases", UriKind.Relative), null);
        Assert.True(released.IsSuccessStatusCode, await released.Content.ReadAsStringAsync());

        var releases = factory.Services.GetRequiredService<SurveyReleases>();
        var expected = (await releases.GetAsync(Partnership, survey)).Released();
        var read = await ReadAsync(releases, Partnership, survey);

        Assert.Equal(12, expected.Count);
        Assert.Contains(expected, stored => stored.Response.Answers.Count == 1);
        AssertSame(expected, read);
    }

    [Fact]
    public async Task A_release_that_is_due_is_made_first_and_its_responses_read()
    {
        const string Partnership = "streamed-due";
        using var factory = new AppFactory(azurite);
        var clock = factory.UseClock(SurveyTesting.BothOpen);
        var survey = await PublishAsync(factory, Partnership);
        var day = DateOnly.FromDateTime(SurveyTesting.BothOpen.UtcDateTime);
        await new SurveyResponseStore(new TableServiceClient(azurite.ConnectionString))
            .WriteBatchAsync(Partnership, [.. Enumerable.Range(0, 6).Select(i => Staged(survey, "big", day, i, workload: true))]);
        var releases = factory.Services.GetRequiredService<SurveyReleases>();
        Assert.Empty(await ReadAsync(releases, Partnership, survey));

        // The quarter the responses arrived in ends: its release is due.
        clock.Now = new DateTimeOffset(2026, 1, 2, 9, 0, 0, TimeSpan.Zero);
        var read = await ReadAsync(releases, Partnership, survey);

        var made = await releases.GetAsync(Partnership, survey);
        Assert.Equal(ReleaseTrigger.PeriodEnded, made.Releases[^1].Stamp.Trigger);
        Assert.Equal(6, read.Count);
        AssertSame(made.Released(), read);
    }

    private static async Task<PulseSurvey> PublishAsync(AppFactory factory, string partnershipId)
    {
        var document = JsonNode.Parse(RollupSeed.StrategyJson(partnershipId))!.AsObject();
        document["surveys"]![0]!["questions"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "workload", ["kind"] = "likert5", ["text"] = "My workload is manageable", ["required"] = false,
        });
        document["partners"] = new JsonArray(
            new JsonObject { ["id"] = "big", ["name"] = "Big trust", ["sector"] = "acute", ["headcount"] = 1000 },
            new JsonObject { ["id"] = "small", ["name"] = "Small practice", ["sector"] = "primary-care", ["headcount"] = 12 });
        var parsed = StrategyDocument.Parse(document.ToJsonString(), StrategyFormat.Json);
        var strategy = parsed.Strategy ?? throw new InvalidOperationException(string.Join("; ", parsed.Problems));
        using var published = await factory.PublishAsync(partnershipId, document.ToJsonString());
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return strategy.Surveys[0];
    }

    private static StagedResponse Staged(PulseSurvey survey, string partnerId, DateOnly day, int i, bool workload)
    {
        var answers = new Dictionary<string, SurveyAnswer> { ["supported"] = new LikertAnswer(1 + (i % 5)) };
        if (workload)
        {
            answers["workload"] = new LikertAnswer(5 - (i % 5));
        }

        return new StagedResponse($"{partnerId}-{i:D4}", new SurveyResponse(survey.Id, partnerId, day, answers), Held: false);
    }

    private static async Task<List<StoredResponse>> ReadAsync(SurveyReleases releases, string partnershipId, PulseSurvey survey)
    {
        var read = new ConcurrentQueue<StoredResponse>();
        await releases.ReadReleasedAsync(partnershipId, survey, read.Enqueue);
        return [.. read];
    }

    private static void AssertSame(IReadOnlyList<StoredResponse> expected, IReadOnlyList<StoredResponse> read)
    {
        Assert.Equal(expected.Select(stored => stored.Id).Order(StringComparer.Ordinal), read.Select(stored => stored.Id).Order(StringComparer.Ordinal));
        var byId = read.ToDictionary(stored => stored.Id, StringComparer.Ordinal);
        foreach (var stored in expected)
        {
            var other = byId[stored.Id].Response;
            Assert.Equal(stored.Response.Day, other.Day);
            Assert.Equal(stored.Response.PartnerId, other.PartnerId);
            Assert.Equal(stored.Response.Answers.OrderBy(answer => answer.Key, StringComparer.Ordinal), other.Answers.OrderBy(answer => answer.Key, StringComparer.Ordinal));
        }
    }
}
