using Azure;
using Azure.Data.Tables;
using StrategyReports.Functions.Storage;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Where a response was staged: its row, and how many responses that row holds, so a flush from memory
/// deletes a row only once it holds every one of them.
/// </summary>
/// <param name="Earlier">The row was staged by an earlier attempt of the same submission, whose answer was lost.</param>
public sealed record StagedIn(string RowKey, int RowResponses, bool Earlier = false);

/// <summary>A staging row as read back: its key, its ETag and the sealed responses it holds (none for a claim).</summary>
public sealed record StagedRow(string RowKey, ETag ETag, IReadOnlyList<byte[]> Sealed);

/// <summary>A survey's staging partition: the responses waiting for their batch, and the codes claimed.</summary>
public sealed record StagedPartition(IReadOnlyList<StagedRow> Responses, IReadOnlyList<StagedRow> Claims);

/// <summary>
/// Where a response is kept, durably, from the moment it arrives until its batch is flushed to its
/// permanent row (<see cref="SurveyFlush"/>). Table <c>surveystaging</c>, PartitionKey
/// <c>{partnershipId}|{surveyId}</c>:
/// <list type="bullet">
/// <item>staged responses are RowKey <c>r{32 random hex digits}</c> holding one or more
/// <see cref="ResponseSeal"/> payloads, one after another, cut into binary properties <c>S0</c>,
/// <c>S1</c>, … of at most 64 KiB, and, when there is more than one, <c>Sizes</c>: each payload's
/// length, comma-separated. Ciphertext of fixed sizes, nothing readable;</item>
/// <item>a claimed code is RowKey <c>c{claim key}</c> (see <see cref="SurveyCodeStore"/>) and nothing
/// else, written in one transaction with its response, so a code is never claimed without its response
/// staged, nor a response staged without its code claimed.</item>
/// </list>
/// </summary>
/// <remarks>
/// Responses arriving together for one survey are staged together: while a few writes to a partition
/// are in flight, the next responses queue and go as one row. Storage does far less work per response
/// that way, so intake keeps up with a whole organisation answering at once; a lone response is a row
/// of its own. A failed write fails every response in it, and none of them is stored.
/// </remarks>
public sealed class SurveyStaging
{
    public const string TableName = "surveystaging";

    private const string ResponsePrefix = "r";
    private const string ClaimPrefix = "c";

    /// <summary>Writes in flight per partition before responses start to queue.</summary>
    private const int MaxWritesInFlight = 2;

    // Half of an entity's 1 MiB: a response's largest sealed size still fits beside a full group.
    private const long MaxGroupBytes = 512 * 1024;
    private const string Sizes = "Sizes";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PartitionWriter> _writers = new(StringComparer.Ordinal);
    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public SurveyStaging(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    /// <summary>Stages a sealed response, with its code's claim when it has one; completes once stored.</summary>
    /// <param name="submissionKey">
    /// The staging key a submission's own key gives it (<see cref="SubmissionIds"/>), for a response staged with a
    /// claim: a retry then finds the row its earlier attempt staged instead of reading the code as used.
    /// </param>
    /// <returns>
    /// The key of the row it was staged in, which responses staged together share; null when the claim
    /// already existed (the code was used before), and then nothing is stored.
    /// </returns>
    public async Task<StagedIn?> StageAsync(string partition, byte[] sealedResponse, string? claimKey, string? submissionKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedResponse);
        await _created.EnsureAsync(cancellationToken);
        if (claimKey is null)
        {
            // Once queued, the write is not cancelled: it may share a row with other people's responses.
            return await _writers.GetOrAdd(partition, _ => new PartitionWriter(_table, partition)).WriteAsync(sealedResponse);
        }

        var entity = Row(partition, [sealedResponse], submissionKey);
        try
        {
            await _table.SubmitTransactionAsync(
                [new(TableTransactionActionType.Add, new TableEntity(partition, ClaimPrefix + claimKey)), new(TableTransactionActionType.Add, entity)],
                cancellationToken);
            return new StagedIn(entity.RowKey, 1);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // The row's key is new (random, or this submission's own): if it exists, this is the storage client's
            // resend of a transaction that went through, or the respondent's retry, not a code used before.
            return (await _table.GetEntityIfExistsAsync<TableEntity>(partition, entity.RowKey, select: ["RowKey"], cancellationToken: CancellationToken.None)).HasValue
                ? new StagedIn(entity.RowKey, 1, Earlier: submissionKey is not null)
                : null;
        }
    }

    /// <summary>Takes back a response staged with a claim whose code turned out to be spent meanwhile.</summary>
    public async Task UnstageAsync(string partition, string rowKey, string claimKey, CancellationToken cancellationToken = default) =>
        await _table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), ETag.All), new(TableTransactionActionType.Delete, new TableEntity(partition, ClaimPrefix + claimKey), ETag.All)],
            cancellationToken);

    /// <summary>Everything staged for one survey.</summary>
    public async Task<StagedPartition> ReadAsync(string partition, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var responses = new List<StagedRow>();
        var claims = new List<StagedRow>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(ClaimPrefix, StringComparison.Ordinal))
            {
                claims.Add(new StagedRow(row.RowKey[ClaimPrefix.Length..], row.ETag, []));
                continue;
            }

            responses.Add(new StagedRow(row.RowKey, row.ETag, Payloads(row)));
        }

        return new StagedPartition(responses, claims);
    }

    /// <summary>How many responses each partition with anything staged holds (0 when it holds only claims).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByPartitionAsync(CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", Sizes], cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(ResponsePrefix, StringComparison.Ordinal))
            {
                counts[row.PartitionKey] = counts.GetValueOrDefault(row.PartitionKey) + (row.GetString(Sizes)?.Split(',').Length ?? 1);
            }
            else
            {
                counts.TryAdd(row.PartitionKey, 0);
            }
        }

        return counts;
    }

    /// <summary>
    /// Deletes flushed responses (or settled claims). One that is already gone was deleted by another
    /// instance flushing the same rows, which is fine: both wrote the same permanent rows.
    /// </summary>
    public async Task DeleteAsync(string partition, IReadOnlyList<StagedRow> rows, bool claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var keys = rows.Select(row => (Key: claims ? ClaimPrefix + row.RowKey : row.RowKey, row.ETag)).ToList();
        foreach (var chunk in keys.Chunk(TableLimits.MaxTransactionActions))
        {
            try
            {
                await _table.SubmitTransactionAsync(
                    chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.Key), row.ETag)),
                    cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var (key, etag) in chunk)
                {
                    try
                    {
                        await _table.DeleteEntityAsync(partition, key, etag, cancellationToken);
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                    }
                }
            }
        }
    }

    // One row for the payloads: their bytes one after another, cut at the binary property limit.
    private static TableEntity Row(string partition, IReadOnlyList<byte[]> payloads, string? key = null)
    {
        var entity = new TableEntity(partition, ResponsePrefix + (key ?? StagedResponse.NewId()));
        var chunk = 0;
        foreach (var part in payloads.SelectMany(payload => payload).Chunk(TableLimits.MaxBinaryLength))
        {
            entity[$"S{chunk++}"] = part;
        }

        if (payloads.Count > 1)
        {
            entity[Sizes] = string.Join(',', payloads.Select(payload => payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return entity;
    }

    private static List<byte[]> Payloads(TableEntity row)
    {
        var bytes = new List<byte>();
        for (var chunk = 0; row.GetBinary($"S{chunk}") is { } part; chunk++)
        {
            bytes.AddRange(part);
        }

        var all = bytes.ToArray();
        if (row.GetString(Sizes) is not { } sizes)
        {
            return [all];
        }

        var payloads = new List<byte[]>();
        var start = 0;
        foreach (var size in sizes.Split(',').Select(size => int.Parse(size, System.Globalization.CultureInfo.InvariantCulture)))
        {
            payloads.Add(all[start..(start + size)]);
            start += size;
        }

        return payloads;
    }

    private sealed class PartitionWriter(TableClient table, string partition)
    {
        private readonly Lock _gate = new();
        private readonly Queue<(byte[] Sealed, TaskCompletionSource<StagedIn> Stored)> _queue = new();
        private int _inFlight;

        public Task<StagedIn> WriteAsync(byte[] sealedResponse)
        {
            var stored = new TaskCompletionSource<StagedIn>(TaskCreationOptions.RunContinuationsAsynchronously);
            bool startWriter;
            lock (_gate)
            {
                _queue.Enqueue((sealedResponse, stored));
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

        // Each writer keeps writing what has queued, up to a row's worth at a time, until nothing is left.
        private async Task DrainAsync()
        {
            while (true)
            {
                var group = new List<(byte[] Sealed, TaskCompletionSource<StagedIn> Stored)>();
                lock (_gate)
                {
                    long bytes = 0;
                    while (_queue.Count > 0 && (group.Count == 0 || bytes + _queue.Peek().Sealed.Length <= MaxGroupBytes))
                    {
                        var next = _queue.Dequeue();
                        bytes += next.Sealed.Length;
                        group.Add(next);
                    }

                    if (group.Count == 0)
                    {
                        _inFlight--;
                        return;
                    }
                }

                try
                {
                    var entity = Row(partition, [.. group.Select(item => item.Sealed)]);
                    try
                    {
                        await table.AddEntityAsync(entity, CancellationToken.None);
                    }
                    catch (RequestFailedException e) when (e.Status == 409)
                    {
                        // A new, random key already taken: the storage client's resend of this very write, whose answer was lost.
                    }

                    group.ForEach(item => item.Stored.SetResult(new StagedIn(entity.RowKey, group.Count)));
                }
                catch (Exception e)
                {
                    group.ForEach(item => item.Stored.SetException(e));
                }
            }
        }
    }
}
