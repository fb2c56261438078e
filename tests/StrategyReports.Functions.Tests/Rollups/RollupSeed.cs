using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Rollups;

/// <summary>
/// Seeds storage the way the returns and surveys stores do: rows in the layouts of tables
/// <c>returns</c> and <c>surveyresponses</c>, and a strategy published through the real store.
/// </summary>
internal sealed class RollupSeed(AzuriteFixture azurite)
{
    public static readonly Period Q1 = Period.Parse("2025-26-Q1");
    public static readonly Period Q2 = Period.Parse("2025-26-Q2");

    private readonly TableServiceClient _tables = new(azurite.ConnectionString);

    public static string StrategyJson(string partnershipId) => """
        {
          "partnershipId": "PARTNERSHIP",
          "name": "Rollup test partnership",
          "firstPeriod": "2025-26-Q1",
          "lastPeriod": "2026-27-Q4",
          "assuranceGroups": [ { "id": "board", "name": "Locality Board" } ],
          "partners": [
            { "id": "trust", "name": "Acute Trust", "sector": "acute", "headcount": 5000 },
            { "id": "council", "name": "The Council", "sector": "local-authority", "headcount": 900 },
            { "id": "practice", "name": "GP Practice", "sector": "primary-care", "headcount": 30 }
          ],
          "programmes": [
            {
              "id": "wellbeing", "name": "Workforce Wellbeing", "lead": "Wellbeing lead", "assuranceGroups": ["board"],
              "measures": [
                { "id": "vacancies", "name": "Vacancies", "kind": "count", "unit": "roles", "direction": "lower-is-better",
                  "amberTolerance": "10%", "targets": { "2025-26-Q2": 100 } },
                { "id": "sickness", "name": "Sickness absence", "kind": "ratio", "unit": "%", "direction": "lower-is-better",
                  "numeratorLabel": "Days lost", "denominatorLabel": "Days available", "isProportion": true, "targets": { "2025-26-Q2": 5 } },
                { "id": "feeling-well", "name": "Feeling well", "kind": "survey", "unit": "% positive", "direction": "higher-is-better",
                  "survey": { "surveyId": "SURVEY", "questionId": "supported", "score": "percent-positive" } }
              ]
            },
            {
              "id": "growing", "name": "Growing our workforce", "lead": "Growing lead", "assuranceGroups": ["board"],
              "measures": [
                { "id": "arrs", "name": "ARRS roles", "kind": "count", "unit": "roles", "direction": "higher-is-better",
                  "appliesTo": ["primary-care"], "targets": { "2025-26-Q2": 3 } }
              ]
            }
          ],
          "surveys": [
            {
              "id": "SURVEY", "title": "Wellbeing pulse", "programme": "wellbeing", "opens": "2025-04-01", "closes": "2026-03-31",
              "minimumGroupSize": 5,
              "questions": [ { "id": "supported", "kind": "likert5", "text": "I feel supported" } ]
            }
          ]
        }
        """.Replace("PARTNERSHIP", partnershipId, StringComparison.Ordinal).Replace("SURVEY", SurveyId(partnershipId), StringComparison.Ordinal);

    /// <summary>Survey ids are unique across partnerships.</summary>
    public static string SurveyId(string partnershipId) => partnershipId + "-pulse";

    public static async Task PublishAsync(IServiceProvider services, string partnershipId)
    {
        var strategy = StrategyDocument.Parse(StrategyJson(partnershipId), StrategyFormat.Json).Strategy
            ?? throw new InvalidOperationException("The test strategy does not parse.");
        await services.GetRequiredService<StrategyStore>().PublishAsync(strategy, "test");
    }

    /// <summary>Accepts a return version in <see cref="ReturnStore"/>'s layout: a version row and the <c>latest|</c> copy.</summary>
    public async Task SubmitAsync(
        string partnershipId, Period period, string partnerId, int version, string valuesJson,
        bool isLate = false, string? achievements = null, string submittedBy = "partner@example.org")
    {
        var table = _tables.GetTableClient(ReturnStore.TableName);
        await table.CreateIfNotExistsAsync();
        var partition = ReturnStore.PartitionKey(partnershipId, period);
        TableEntity Row(string rowKey)
        {
            var row = new TableEntity(partition, rowKey)
            {
                ["PartnerId"] = partnerId,
                ["Version"] = version,
                ["StrategyVersion"] = 1,
                ["Values"] = valuesJson,
                ["SubmittedBy"] = submittedBy,
                ["SubmittedAt"] = new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero).AddDays(version),
                ["IsLate"] = isLate,
                ["Changes"] = "[]",
            };
            if (achievements is not null)
            {
                row["Achievements"] = achievements;
            }

            return row;
        }

        await table.AddEntityAsync(Row(ReturnStore.VersionRowKey(partnerId, version)));
        await table.UpsertEntityAsync(Row(ReturnStore.LatestRowKey(partnerId)), TableUpdateMode.Replace);
    }

    /// <summary>Stores a survey response as <see cref="SurveyResponseStore"/> does: a batch of one.</summary>
    public async Task RespondAsync(string partnershipId, string partnerId, DateOnly day, int supported)
    {
        var response = new SurveyResponse(SurveyId(partnershipId), partnerId, day, new Dictionary<string, SurveyAnswer> { ["supported"] = new LikertAnswer(supported) });
        await new SurveyResponseStore(_tables).WriteBatchAsync(partnershipId, [new StagedResponse(StagedResponse.NewId(), response, Held: false)]);
    }
}
