using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using StrategyReports.Functions.Storage;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Stored pulse-survey responses. Table <c>surveyresponses</c>: PartitionKey
/// <c>{partnershipId}|{surveyId}</c>, and one row per batch of responses: RowKey <c>b{32 hex digits of
/// a hash of the ids it holds}</c> and the batch's responses, in the order of their random ids, as a JSON array of
/// <c>{ "id", "response", "held" }</c> (the response as <see cref="SurveyResponse.ToJson"/> writes it), in
/// one string property <c>R0</c> of at most 32 K characters, or cut into <c>R0</c>, <c>R1</c>, … for a
/// response longer than that.
/// </summary>
/// <remarks>
/// Responses reach this table only in batches (<see cref="SurveyFlush"/>), so nothing in storage
/// stands for one person's answers alone: a row and its Timestamp belong to a whole batch. Each
/// response keeps the random id chosen when it arrived: the same batch written again after a crash
/// rewrites the same rows, and readers count an id once, so a batch that grew before it was written
/// again adds no copies either. Rows of the earlier layout, one response per
/// row (RowKey the id, <c>PartnerId</c>, <c>Day</c>, <c>Response</c>, <c>Held</c>), still read.
/// </remarks>
public sealed class SurveyResponseStore
{
    public const string TableName = "surveyresponses";

    private const string BatchPrefix = "b";
    private const string Part = "R";

    // One string property, whose 64 KiB also stay under the large object heap's threshold when read:
    // a rollup reads thousands of rows. A response longer than that alone gets a row of its own.
    private const int MaxRowChars = TableLimits.MaxStringLength - 2;

    private const int RowsPerPage = 32;

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
    /// Writes a batch of one survey's responses. Writing the same batch again (a flush repeated after a
    /// crash) replaces its rows rather than adding copies.
    /// </summary>
    public async Task WriteBatchAsync(string partnershipId, IReadOnlyCollection<StagedResponse> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _created.EnsureAsync(cancellationToken);
        var rows = ToRows(partnershipId, batch);
        if (rows.Count == 1)
        {
            await _table.UpsertEntityAsync(rows[0], TableUpdateMode.Replace, cancellationToken);
            return;
        }

        // A transaction carries at most 4 MiB; four rows stay inside it however their text is escaped on the wire.
        foreach (var write in rows.Chunk(4))
        {
            await _table.SubmitTransactionAsync(write.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
        }
    }

    /// <summary>
    /// The rows a batch is stored as: its responses in the order of their random ids, which owes nothing to
    /// when they arrived, as many to a row as fit, each row keyed by a hash of the ids it holds.
    /// </summary>
    public static IReadOnlyList<TableEntity> ToRows(string partnershipId, IEnumerable<StagedResponse> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = new List<TableEntity>();
        var group = new List<(StagedResponse Staged, string Json)>();
        var chars = 0;
        foreach (var staged in batch.OrderBy(staged => staged.Id, StringComparer.Ordinal))
        {
            var json = JsonSerializer.Serialize(new BatchItem(staged.Id, staged.Response, staged.Held), SurveyBatchJson.Default.BatchItem);
            if (group.Count > 0 && chars + json.Length + 1 > MaxRowChars)
            {
                rows.Add(Row(partnershipId, group));
                (group, chars) = ([], 0);
            }

            group.Add((staged, json));
            chars += json.Length + 1;
        }

        if (group.Count > 0)
        {
            rows.Add(Row(partnershipId, group));
        }

        return rows;
    }

    private static TableEntity Row(string partnershipId, List<(StagedResponse Staged, string Json)> group)
    {
        var ids = System.Text.Encoding.UTF8.GetBytes(string.Join(',', group.Select(item => item.Staged.Id)));
        var rowKey = BatchPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ids))[..32];
        var row = new TableEntity(PartitionKey(partnershipId, group[0].Staged.Response.SurveyId), rowKey);
        var index = 0;
        foreach (var part in $"[{string.Join(',', group.Select(item => item.Json))}]".Chunk(TableLimits.MaxStringLength))
        {
            row[$"{Part}{index++}"] = new string(part);
        }

        return row;
    }

    /// <summary>Every response to a survey, in no meaningful order.</summary>
    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(string partnershipId, string surveyId, CancellationToken cancellationToken = default) =>
        [.. (await ReadAsync(partnershipId, surveyId, cancellationToken)).Select(item => item.Response)];

    /// <summary>
    /// The responses that count, with their stored ids, and how many were held back per partner.
    /// </summary>
    public async Task<(IReadOnlyList<StoredResponse> Counted, IReadOnlyDictionary<string, int> HeldByPartner)> ListStoredAsync(
        string partnershipId, string surveyId, CancellationToken cancellationToken = default)
    {
        var counted = new List<StoredResponse>();
        var held = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, response, isHeld) in await ReadAsync(partnershipId, surveyId, cancellationToken))
        {
            if (isHeld)
            {
                held[response.PartnerId] = held.GetValueOrDefault(response.PartnerId) + 1;
                continue;
            }

            counted.Add(new StoredResponse(id, response));
        }

        return (counted, held);
    }

    /// <summary>
    /// The queries that read a survey's rows: a few key ranges, read at once, so one range's rows are parsed while
    /// storage pages through the others instead of every page waiting for the one before. Batch rows are keyed
    /// by a hash, so they spread evenly over the four ranges after the prefix; rows of the earlier layout
    /// (random hex ids) fall in the ranges either side.
    /// </summary>
    public static IReadOnlyList<string> ReadFilters(string partnershipId, string surveyId)
    {
        var partition = PartitionKey(partnershipId, surveyId);
        string[] bounds = ["", BatchPrefix, BatchPrefix + "4", BatchPrefix + "8", BatchPrefix + "c", "c"];
        return [
            .. bounds.Zip(bounds.Skip(1), (from, to) => TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}")),
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {bounds[^1]}"),
        ];
    }

    /// <summary>
    /// Hands every response to a survey (its id, the response and whether it is held back) to a visitor as its row
    /// is parsed: a reader that only counts them never holds them all. The key ranges are read at once, so calls
    /// come from several threads at once. An id can come twice, since a batch that grew before it was written again
    /// is stored in other rows as well: the visitor counts each id once, and knows best how to remember them.
    /// </summary>
    public async Task ReadEachAsync(string partnershipId, string surveyId, Action<string, SurveyResponse, bool> visit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        await _created.EnsureAsync(cancellationToken);
        await Task.WhenAll(ReadFilters(partnershipId, surveyId).Select(async filter =>
        {
            var batches = new SurveyBatchReader();
            // A page of batch rows is up to 64 KiB a row: a few at a time keep what is held in flight small.
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: RowsPerPage, cancellationToken: cancellationToken))
            {
                foreach (var (id, response, held) in batches.Read(row, Part))
                {
                    visit(id, response, held);
                }
            }
        }));
    }

    private async Task<List<(string Id, SurveyResponse Response, bool Held)>> ReadAsync(string partnershipId, string surveyId, CancellationToken cancellationToken)
    {
        var read = new ConcurrentQueue<(string Id, SurveyResponse Response, bool Held)>();
        await ReadEachAsync(partnershipId, surveyId, (id, response, held) => read.Enqueue((id, response, held)), cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. read.Where(item => seen.Add(item.Id))];
    }

    /// <summary>The responses one stored row holds: a batch's, or the one of a row of the earlier layout.</summary>
    public static IReadOnlyList<(string Id, SurveyResponse Response, bool Held)> Items(TableEntity row) => new SurveyBatchReader().Read(row, Part);
}

/// <summary>One response in a batch row.</summary>
internal sealed record BatchItem(string Id, SurveyResponse Response, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Held);

/// <summary>Batch rows' JSON as written, generated at build time; <see cref="SurveyBatchReader"/> reads it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BatchItem))]
internal sealed partial class SurveyBatchJson : JsonSerializerContext;
