using System.Globalization;
using System.Text.Json;
using Azure;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Storage.Tables;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Rollups;

/// <summary>Reads what a rollup of one period is computed from.</summary>
public interface IRollupInputs
{
    Task<RollupInputs> ReadAsync(Strategy strategy, Period period, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reads the inputs from the shared layouts: the <c>latest|</c> rows of table <c>returns</c> in each
/// period's partition (<c>{partnershipId}|{periodId}</c>), and the rows of table <c>surveyresponses</c>
/// in each survey's partition (<c>{partnershipId}|{surveyId}</c>) whose <c>Day</c> falls in the periods read.
/// Every partition is queried at once: a large partnership is a dozen partition scans, and they overlap.
/// Survey responses are kept as text while the scans run and parsed on every core once they end, so
/// parsing never takes processor time from the storage that is still answering.
/// </summary>
public sealed class StoredRollupInputs(TableServiceClient tables) : IRollupInputs
{
    public const string ReturnsTable = "returns";
    public const string SurveyResponsesTable = "surveyresponses";

    public async Task<RollupInputs> ReadAsync(Strategy strategy, Period period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var periods = RollupCalculator.PeriodsRead(strategy, period);
        var kinds = strategy.Measures.ToDictionary(measure => measure.Id, measure => measure.Kind, StringComparer.Ordinal);

        var returnReads = periods.Select(p => ReadReturnsAsync(strategy.PartnershipId, p, kinds, cancellationToken)).ToList();
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

    private async Task<List<QuarterlyReturn>> ReadReturnsAsync(
        string partnershipId, Period period, IReadOnlyDictionary<string, MeasureKind> kinds, CancellationToken cancellationToken)
    {
        var partition = $"{partnershipId}|{period.Id}";
        var filter = TableFilter.Create($"PartitionKey eq {partition} and RowKey ge {"latest|"} and RowKey lt {"latest}"}");
        var returns = new List<QuarterlyReturn>();
        await foreach (var row in QueryOrEmptyAsync(ReturnsTable, filter, cancellationToken))
        {
            returns.Add(new QuarterlyReturn(
                partnershipId,
                period,
                row.GetString("PartnerId") ?? throw Malformed(row, "PartnerId"),
                row.GetInt32("Version") ?? throw Malformed(row, "Version"),
                row.GetInt32("StrategyVersion") ?? 0,
                ReturnValues.Read(row.GetString("Values") ?? "{}", kinds),
                new ReturnNarrative(row.GetString("Achievements"), row.GetString("NextSteps"), row.GetString("Risks")),
                row.GetString("SubmittedBy") ?? string.Empty,
                row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue,
                row.GetBoolean("IsLate") ?? false));
        }

        return returns;
    }

    private async Task<List<(string Id, string Json)>> ReadResponsesAsync(
        string partnershipId, string surveyId, string firstDay, string lastDay, CancellationToken cancellationToken)
    {
        var partition = $"{partnershipId}|{surveyId}";
        var filter = TableFilter.Create($"PartitionKey eq {partition} and Day ge {firstDay} and Day le {lastDay}");
        var responses = new List<(string Id, string Json)>();
        await foreach (var row in QueryOrEmptyAsync(SurveyResponsesTable, filter, cancellationToken))
        {
            responses.Add((row.RowKey, row.GetString("Response") ?? throw Malformed(row, "Response")));
        }

        return responses;
    }

    // Before anyone has submitted a return or answered a survey the table does not exist: nothing to read.
    private async IAsyncEnumerable<TableEntity> QueryOrEmptyAsync(
        string table, string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var rows = tables.GetTableClient(table).QueryAsync(filter, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await rows.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                yield break;
            }

            yield return rows.Current;
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static InvalidDataException Malformed(TableEntity row, string property) =>
        new($"The stored row {row.PartitionKey}/{row.RowKey} has no {property}.");

    /// <summary>
    /// Reads a return's <c>Values</c> JSON (<c>measureId → number | true/false | {"numerator", "denominator"}</c>).
    /// A private copy until the returns work lands <c>StrategyReports.Domain.Returns.MeasureValueJson</c>, which
    /// should replace it. Values of measures the strategy no longer has, or of another shape than the
    /// measure's kind, are left out: the returns API validated them against the strategy of their day.
    /// </summary>
    internal static class ReturnValues
    {
        public static IReadOnlyDictionary<string, MeasureValue> Read(string json, IReadOnlyDictionary<string, MeasureKind> kinds)
        {
            using var document = JsonDocument.Parse(json);
            var values = new Dictionary<string, MeasureValue>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (kinds.TryGetValue(property.Name, out var kind) && ValueOf(kind, property.Value) is { } value)
                {
                    values[property.Name] = value;
                }
            }

            return values;
        }

        private static MeasureValue? ValueOf(MeasureKind kind, JsonElement element) => (kind, element.ValueKind) switch
        {
            (MeasureKind.Count, JsonValueKind.Number) when element.TryGetInt64(out var count) => new CountValue(count),
            (MeasureKind.Amount, JsonValueKind.Number) => new AmountValue(element.GetDecimal()),
            (MeasureKind.YesNo, JsonValueKind.True or JsonValueKind.False) => new YesNoValue(element.GetBoolean()),
            (MeasureKind.Ratio, JsonValueKind.Object)
                when element.TryGetProperty("numerator", out var numerator) && numerator.ValueKind == JsonValueKind.Number
                && element.TryGetProperty("denominator", out var denominator) && denominator.ValueKind == JsonValueKind.Number =>
                new RatioValue(numerator.GetDecimal(), denominator.GetDecimal()),
            _ => null,
        };
    }
}
