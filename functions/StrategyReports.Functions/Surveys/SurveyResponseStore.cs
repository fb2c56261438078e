using System.Collections.Concurrent;
using Azure.Data.Tables;
using StrategyReports.Functions.Storage;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Stored pulse-survey responses. Table <c>surveyresponses</c>: PartitionKey
/// <c>{partnershipId}|{surveyId}</c>, RowKey a random GUID (never time-ordered, so the order of
/// rows says nothing about who answered when), and only <c>PartnerId</c>, <c>Day</c>,
/// <c>Response</c> (<see cref="SurveyResponse.ToJson"/>) and, for a response held back as part of a
/// burst into one partner group, <c>Held</c>.
/// </summary>
/// <remarks>
/// Responses arriving together for one survey are written together: while a few writes to a
/// partition are in flight, the next responses queue and go as one entity group transaction
/// (each response still its own entity). Storage does far less work per response that way, so
/// ingestion keeps up with a whole organisation answering at once; a lone response is a plain
/// insert. A failed transaction fails every response in it, and none of them is stored.
/// </remarks>
public sealed class SurveyResponseStore
{
    public const string TableName = "surveyresponses";

    /// <summary>
    /// The properties <see cref="ListStoredAsync"/> reads: the rollup's largest read (every response to a
    /// survey), so only these travel and are materialised. The storage benchmark's scan reads the same.
    /// </summary>
    public static readonly IReadOnlyList<string> StoredColumns = ["RowKey", "PartnerId", "Response", "Held"];

    /// <summary>Writes in flight per partition before responses start to queue.</summary>
    private const int MaxWritesInFlight = 4;

    // Well below the 4 MiB a transaction may carry, counting each character as two bytes as the wire may.
    private const int MaxBatchChars = 1024 * 1024;

    private readonly ConcurrentDictionary<string, PartitionWriter> _writers = new(StringComparer.Ordinal);
    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public SurveyResponseStore(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public static string PartitionKey(string partnershipId, string surveyId) => $"{partnershipId}|{surveyId}";

    /// <summary>Stores one response as its own entity; completes once it is stored.</summary>
    /// <remarks>Once queued, the write is not cancelled: it may share a transaction with other people's responses.</remarks>
    /// <param name="held">Part of a burst into one partner group: kept for the admin to see, never counted.</param>
    public async Task AddAsync(string partnershipId, SurveyResponse response, bool held = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        await _created.EnsureAsync(cancellationToken);
        var entity = ToEntity(partnershipId, response, held);
        TableLimits.Require(entity, new Dictionary<string, string> { ["Response"] = SurveyAnswerValidator.AnswersField, ["PartnerId"] = "partner" });
        await _writers.GetOrAdd(entity.PartitionKey, _ => new PartitionWriter(_table)).WriteAsync(entity);
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

    public static TableEntity ToEntity(string partnershipId, SurveyResponse response, bool held = false)
    {
        ArgumentNullException.ThrowIfNull(response);
        var entity = new TableEntity(PartitionKey(partnershipId, response.SurveyId), Guid.NewGuid().ToString("N"))
        {
            ["PartnerId"] = response.PartnerId,
            ["Day"] = response.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Response"] = response.ToJson(),
        };
        if (held)
        {
            entity["Held"] = true;
        }

        return entity;
    }

    private sealed class PartitionWriter(TableClient table)
    {
        private readonly Lock _gate = new();
        private readonly Queue<(TableEntity Entity, TaskCompletionSource Stored)> _queue = new();
        private int _inFlight;

        public Task WriteAsync(TableEntity entity)
        {
            var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bool startWriter;
            lock (_gate)
            {
                _queue.Enqueue((entity, stored));
                startWriter = _inFlight < MaxWritesInFlight;
                if (startWriter)
                {
                    _inFlight++;
                }
            }

            if (startWriter)
            {
                _ = DrainAsync();
            }

            return stored.Task;
        }

        // Each writer keeps writing what has queued, up to a transaction's worth at a time, until nothing is left.
        private async Task DrainAsync()
        {
            while (true)
            {
                var batch = new List<(TableEntity Entity, TaskCompletionSource Stored)>();
                lock (_gate)
                {
                    var chars = 0;
                    while (_queue.Count > 0 && batch.Count < TableLimits.MaxTransactionActions
                        && (batch.Count == 0 || chars + _queue.Peek().Entity.GetString("Response")!.Length <= MaxBatchChars))
                    {
                        var next = _queue.Dequeue();
                        chars += next.Entity.GetString("Response")!.Length;
                        batch.Add(next);
                    }

                    if (batch.Count == 0)
                    {
                        _inFlight--;
                        return;
                    }
                }

                try
                {
                    if (batch.Count == 1)
                    {
                        await table.AddEntityAsync(batch[0].Entity, CancellationToken.None);
                    }
                    else
                    {
                        await table.SubmitTransactionAsync(batch.Select(item => new TableTransactionAction(TableTransactionActionType.Add, item.Entity)), CancellationToken.None);
                    }

                    batch.ForEach(item => item.Stored.SetResult());
                }
                catch (Exception e)
                {
                    batch.ForEach(item => item.Stored.SetException(e));
                }
            }
        }
    }
}
