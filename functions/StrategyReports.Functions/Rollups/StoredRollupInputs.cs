using System.Globalization;
using Azure.Data.Tables;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Rollups;

/// <summary>Reads what a rollup of one period is computed from.</summary>
public interface IRollupInputs
{
    Task<RollupInputs> ReadAsync(Strategy strategy, Period period, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reads the inputs from the stores: each period's latest returns through <see cref="ReturnStore"/> (one
/// partition query per period), and the rows of each survey's partition in <see cref="SurveyResponseStore"/>
/// whose <c>Day</c> falls in the periods read.
/// Every partition is queried at once: a large partnership is a dozen partition scans, and they overlap.
/// Survey responses are kept as text while the scans run and parsed on every core once they end, so
/// parsing never takes processor time from the storage that is still answering.
/// </summary>
public sealed class StoredRollupInputs : IRollupInputs
{
    private readonly ReturnStore _returnStore;
    private readonly TableClient _responses;

    // Before anyone has answered a survey the table does not exist; created as every store creates its own, it reads as empty.
    private readonly InitialiseOnce _created;

    public StoredRollupInputs(ReturnStore returnStore, TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _returnStore = returnStore;
        _responses = tables.GetTableClient(SurveyResponseStore.TableName);
        _created = new(cancellationToken => _responses.CreateIfNotExistsAsync(cancellationToken));
    }

    public async Task<RollupInputs> ReadAsync(Strategy strategy, Period period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var periods = RollupCalculator.PeriodsRead(strategy, period);
        var returnReads = periods.Select(p => _returnStore.ListLatestAsync(strategy.PartnershipId, p, cancellationToken)).ToList();
        var firstDay = Day(periods[0].FirstDay);
        var lastDay = Day(period.LastDay);
        var responseReads = strategy.Surveys.Select(survey => ReadResponsesAsync(strategy.PartnershipId, survey.Id, firstDay, lastDay, cancellationToken)).ToList();

        var returns = (await Task.WhenAll(returnReads)).SelectMany(list => list).ToList();
        var responses = (await Task.WhenAll(responseReads))
            .SelectMany(list => list)
            .AsParallel()
            .AsOrdered()
            .WithCancellation(cancellationToken)
            .Select(stored => new StoredSurveyResponse(stored.Id, SurveyResponse.FromJson(stored.Json)))
            .ToList();
        return new RollupInputs(returns, responses);
    }

    private async Task<List<(string Id, string Json)>> ReadResponsesAsync(
        string partnershipId, string surveyId, string firstDay, string lastDay, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SurveyResponseStore.PartitionKey(partnershipId, surveyId)} and Day ge {firstDay} and Day le {lastDay}");
        var responses = new List<(string Id, string Json)>();
        await _created.EnsureAsync(cancellationToken);
        await foreach (var row in _responses.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            responses.Add((row.RowKey, row.GetString("Response") ?? throw Malformed(row, "Response")));
        }

        return responses;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static InvalidDataException Malformed(TableEntity row, string property) =>
        new($"The stored row {row.PartitionKey}/{row.RowKey} has no {property}.");
}
