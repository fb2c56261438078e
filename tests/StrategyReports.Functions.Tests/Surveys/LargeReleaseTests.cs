using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.Functions.Tests.Rollups;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>A release of a large partnership: more partner groups than one storage transaction takes.</summary>
public sealed class LargeReleaseTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Partnership = "large";
    private const int Partners = 130;

    [Fact]
    public async Task A_release_of_more_partner_groups_than_one_transaction_takes_is_stored_whole_and_read_back_whole()
    {
        using var factory = new AppFactory(azurite);
        factory.UseClock(SurveyTesting.BothOpen);
        var document = JsonNode.Parse(RollupSeed.StrategyJson(Partnership))!.AsObject();
        document["partners"] = new JsonArray([.. Enumerable.Range(0, Partners).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"p{i:D3}", ["name"] = $"Partner {i}", ["sector"] = i == 0 ? "primary-care" : "acute", ["headcount"] = 1000,
        })]);
        var parsed = StrategyDocument.Parse(document.ToJsonString(), StrategyFormat.Json);
        var strategy = parsed.Strategy ?? throw new InvalidOperationException(string.Join("; ", parsed.Problems));
        var published = await factory.PublishAsync(Partnership, document.ToJsonString());
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

        // Five responses from every partner, stored as the flush stores them.
        var day = DateOnly.FromDateTime(SurveyTesting.BothOpen.UtcDateTime);
        await new SurveyResponseStore(new TableServiceClient(azurite.ConnectionString)).WriteBatchAsync(Partnership, [.. Enumerable.Range(0, Partners * 5).Select(i => new StagedResponse(
            StagedResponse.NewId(),
            new SurveyResponse(RollupSeed.SurveyId(Partnership), $"p{i % Partners:D3}", day, new Dictionary<string, SurveyAnswer> { ["supported"] = new LikertAnswer(1 + (i % 5)) }),
            Held: false))]);

        using var admin = factory.CreateClient(AppFactory.AdminKey);
        var released = await admin.PostAsync(new Uri($"/api/partnerships/{Partnership}/surveys/{RollupSeed.SurveyId(Partnership)}/releases", UriKind.Relative), null);
        var body = await released.Content.ReadAsStringAsync();

        Assert.True(released.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(Partners, JsonDocument.Parse(body).RootElement.GetProperty("partnersReleased").GetArrayLength());
        var stored = await factory.Services.GetRequiredService<SurveyReleases>().GetAsync(Partnership, strategy.Surveys[0]);
        // The quarters that ended before the responses arrived were released empty on the way.
        var release = stored.Releases[^1];
        Assert.Equal(ReleaseTrigger.Admin, release.Stamp.Trigger);
        Assert.Equal(Partners, release.Batches.Count);
        Assert.Equal(Partners * 5, release.Batches.Sum(batch => batch.ResponseIds.Count));
    }
}
