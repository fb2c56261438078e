using Azure.Data.Tables;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>Batch rows against Azurite: sizes within storage's limits, and each response read once however often its batch was written.</summary>
public sealed class SurveyResponseStoreTests : IAsyncLifetime
{
    private const string Partnership = "bury";
    private const string SurveyId = "wellbeing-pulse";
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    private static StagedResponse Staged(int i, string? comment = null, bool held = false) => new(
        StagedResponse.NewId(),
        new SurveyResponse(SurveyId, $"p{i % 7}", new DateOnly(2026, 10, 1 + (i % 28)), new Dictionary<string, SurveyAnswer>
        {
            ["wellbeing-supported"] = new LikertAnswer(1 + (i % 5)),
            ["recommend-place-to-work"] = new ScaleAnswer(i % 11),
            ["one-change"] = new TextAnswer(comment ?? $"comment {i} — “quoted” <b>&</b>"),
        }),
        held);

    [Fact]
    public async Task A_large_batch_is_cut_into_rows_within_storage_limits_and_every_response_reads_back_once()
    {
        var batch = Enumerable.Range(0, 500).Select(i => Staged(i, held: i % 50 == 0)).Append(Staged(500, new string('x', 30_000))).ToList();
        var rows = SurveyResponseStore.ToRows(Partnership, batch);

        Assert.True(rows.Count > 2, $"{rows.Count} rows");
        Assert.All(rows, row =>
        {
            Assert.Matches("^b[0-9a-f]{32}$", row.RowKey);
            Assert.All(row.Keys.Where(key => key.StartsWith('R')), key => Assert.InRange(row.GetString(key).Length, 1, TableLimits.MaxStringLength));
        });

        var store = new SurveyResponseStore(new TableServiceClient(_azurite.ConnectionString));
        await store.WriteBatchAsync(Partnership, batch);
        var (counted, held) = await store.ListStoredAsync(Partnership, SurveyId);

        Assert.Equal(batch.Where(s => !s.Held).Select(s => s.Id).Order(StringComparer.Ordinal), counted.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(batch.Count(s => s.Held), held.Values.Sum());
        Assert.Equal(new string('x', 30_000), ((TextAnswer)counted.Single(s => s.Id == batch[^1].Id).Response.Answers["one-change"]).Text);
        var first = batch[1];
        Assert.Equal(first.Response.Answers, counted.Single(s => s.Id == first.Id).Response.Answers);
    }

    [Fact]
    public async Task A_batch_written_again_whole_or_grown_adds_no_response_twice()
    {
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var store = new SurveyResponseStore(tables);
        var batch = Enumerable.Range(0, 20).Select(i => Staged(i)).ToList();

        await store.WriteBatchAsync(Partnership, batch);
        await store.WriteBatchAsync(Partnership, batch);
        var table = tables.GetTableClient(SurveyResponseStore.TableName);
        Assert.Single(table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SurveyResponseStore.PartitionKey(Partnership, SurveyId)}")));

        // A flush repeated after a crash, when more responses had arrived meanwhile: a second row, the same responses counted once.
        await store.WriteBatchAsync(Partnership, [.. batch, .. Enumerable.Range(20, 5).Select(i => Staged(i))]);
        Assert.Equal(25, (await store.ListAsync(Partnership, SurveyId)).Count);
    }

    [Fact]
    public async Task Every_row_of_a_survey_is_read_whatever_its_key_batch_rows_and_rows_of_the_earlier_layout_alike()
    {
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var store = new SurveyResponseStore(tables);
        var table = tables.GetTableClient(SurveyResponseStore.TableName);
        await table.CreateIfNotExistsAsync();

        // Earlier-layout rows keyed by random hex ids: one starting with every digit, so each key range the read makes holds some.
        var legacy = "0123456789abcdef".Select((digit, i) => (Id: digit + StagedResponse.NewId()[1..], Staged: Staged(i))).ToList();
        foreach (var (id, staged) in legacy)
        {
            await table.AddEntityAsync(new TableEntity(SurveyResponseStore.PartitionKey(Partnership, SurveyId), id)
            {
                ["PartnerId"] = staged.Response.PartnerId, ["Day"] = "2026-10-01", ["Response"] = staged.Response.ToJson(),
            });
        }

        var batches = Enumerable.Range(0, 40).Select(b => Enumerable.Range(b * 3, 3).Select(i => Staged(i)).ToList()).ToList();
        foreach (var batch in batches)
        {
            await store.WriteBatchAsync(Partnership, batch);
        }

        var read = await store.ListStoredAsync(Partnership, SurveyId);

        Assert.Equal(
            legacy.Select(row => row.Id).Concat(batches.SelectMany(batch => batch).Select(staged => staged.Id)).Order(StringComparer.Ordinal),
            read.Counted.Select(stored => stored.Id).Order(StringComparer.Ordinal));
    }
}
