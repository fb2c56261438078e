using Azure.Data.Tables;
using StrategyReports.Functions.Storage;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Stored pulse-survey responses. Table <c>surveyresponses</c>: PartitionKey
/// <c>{partnershipId}|{surveyId}</c>, RowKey a random id (never time-ordered, so the order of
/// rows says nothing about who answered when), and only <c>PartnerId</c>, <c>Day</c>,
/// <c>Response</c> (<see cref="SurveyResponse.ToJson"/>) and, for a response held back as part of a
/// burst into one partner group, <c>Held</c>.
/// </summary>
/// <remarks>
/// Responses reach this table only in batches (<see cref="SurveyFlush"/>), each written in an order
/// shuffled afresh, so the storage Timestamp of a row says when its batch was written and nothing
/// about when its response arrived. Rows are upserted under the id chosen when the response arrived:
/// writing a batch again after a crash rewrites the same rows instead of adding copies.
/// </remarks>
public sealed class SurveyResponseStore
{
    public const string TableName = "surveyresponses";

    /// <summary>
    /// The properties <see cref="ListStoredAsync"/> reads: the rollup's largest read (every response to a
    /// survey), so only these travel and are materialised. The storage benchmark's scan reads the same.
    /// </summary>
    public static readonly IReadOnlyList<string> StoredColumns = ["RowKey", "PartnerId", "Response", "Held"];

    // Well below the 4 MiB a transaction may carry, counting each character as two bytes as the wire may.
    private const int MaxBatchChars = 1024 * 1024;

    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public SurveyResponseStore(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public static string PartitionKey(string partnershipId, string surveyId) => $"{partnershipId}|{surveyId}";

    /// <summary>
    /// Writes a batch of one survey's responses, in a fresh random order, as entity group transactions;
    /// a response already written under its id is written again, not twice.
    /// </summary>
    public async Task WriteBatchAsync(string partnershipId, IReadOnlyCollection<StagedResponse> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _created.EnsureAsync(cancellationToken);
        var entities = batch.Select(staged => ToEntity(partnershipId, staged)).ToList();
        foreach (var write in StagingBatches.Shuffled(entities, TableLimits.MaxTransactionActions, MaxBatchChars, entity => entity.GetString("Response")!.Length))
        {
            await _table.SubmitTransactionAsync(write.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken);
        }
    }
    /// <summary>Every response to a survey, in no meaningful order.</summary>
    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(string partnershipId, string surveyId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var responses = new List<SurveyResponse>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(partnershipId, surveyId)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Response"], cancellationToken: cancellationToken))
        {
            responses.Add(SurveyResponse.FromJson(row.GetString("Response") ?? throw new InvalidDataException("A stored survey response has no Response.")));
        }

        return responses;
    }

    /// <summary>
    /// The responses that count, with their stored ids, and how many were held back per partner.
    /// </summary>
    public async Task<(IReadOnlyList<StoredResponse> Counted, IReadOnlyDictionary<string, int> HeldByPartner)> ListStoredAsync(
        string partnershipId, string surveyId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var counted = new List<StoredResponse>();
        var held = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(partnershipId, surveyId)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: StoredColumns, cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Held") == true)
            {
                var partner = row.GetString("PartnerId") ?? string.Empty;
                held[partner] = held.GetValueOrDefault(partner) + 1;
                continue;
            }

            counted.Add(new StoredResponse(row.RowKey, SurveyResponse.FromJson(row.GetString("Response") ?? throw new InvalidDataException("A stored survey response has no Response."))));
        }

        return (counted, held);
    }

    public static TableEntity ToEntity(string partnershipId, StagedResponse staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var response = staged.Response;
        var entity = new TableEntity(PartitionKey(partnershipId, response.SurveyId), staged.Id)
        {
            ["PartnerId"] = response.PartnerId,
            ["Day"] = response.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Response"] = response.ToJson(),
        };
        if (staged.Held)
        {
            entity["Held"] = true;
        }

        return entity;
    }
}
