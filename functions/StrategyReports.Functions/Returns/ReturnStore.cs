using System.Globalization;
using Azure;
using Azure.Data.Tables;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>A stored version of a return with the change log written beside it and its row's ETag.</summary>
public sealed record StoredReturn(QuarterlyReturn Return, string ChangesJson, string? Credential, ETag ETag);

/// <summary>The first answer to a request carrying an <c>Idempotency-Key</c>, replayed to every retry.</summary>
public sealed record IdempotentAnswer(string RequestHash, string ReceiptJson, int Version);

/// <summary>An admin's reopening of a closed period, which lets late returns in again.</summary>
public sealed record Reopening(string ReopenedBy, DateTimeOffset ReopenedAt);

/// <summary>What became of an attempt to store a new version.</summary>
public enum SaveOutcome
{
    Saved,

    /// <summary>
    /// Another version was stored since the caller read the latest, or another request with the same
    /// idempotency key got there first: nothing was written. The refusal names whichever row it reached
    /// first, so it cannot tell the two apart; a caller with a key looks the key up.
    /// </summary>
    Stale,
}

/// <summary>
/// Quarterly returns in table <c>returns</c>, one partition per partnership and period
/// (<c>bury|2026-27-Q2</c>): a row per accepted version (<c>version|{partner}|{version:D6}</c>), a copy of
/// each partner's latest (<c>latest|{partner}</c>, whose ETag guards concurrent edits), the idempotency
/// keys (<c>idempotency|{partner}|{key}</c>), bulk imports' answers (<c>import|{key}</c>) and a period's reopening (<c>reopened</c>). A new version,
/// the latest copy and the key commit in one entity-group transaction, so a retry never stores twice
/// and a half-written submission is never visible.
/// </summary>
public sealed class ReturnStore
{
    public const string TableName = "returns";

    private const string ReopenedRow = "reopened";

    // Which request field each stored property comes from, for a 422 when one cannot be stored.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Values"] = "values",
        ["Achievements"] = "narrative.achievements",
        ["NextSteps"] = "narrative.nextSteps",
        ["Risks"] = "narrative.risks",
        ["SubmittedBy"] = "submittedBy",
        ["Receipt"] = "body",
        ["Changes"] = "values",
        [nameof(TableEntity.RowKey)] = "partner",
        [TableLimits.EntityField] = "body",
    };

    private readonly TableClient _table;
    private readonly StrategyStore _strategies;
    private readonly InitialiseOnce _created;

    public ReturnStore(TableServiceClient tables, StrategyStore strategies)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _strategies = strategies;
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public static string PartitionKey(string partnershipId, Period period) => $"{partnershipId}|{period.Id}";

    public static string VersionRowKey(string partnerId, int version) => $"version|{partnerId}|{version.ToString("D6", CultureInfo.InvariantCulture)}";

    public static string LatestRowKey(string partnerId) => $"latest|{partnerId}";

    public static string IdempotencyRowKey(string partnerId, string key) => $"idempotency|{partnerId}|{key}";

    public static string ImportRowKey(string key) => $"import|{key}";

    /// <summary>The latest version of every partner's return for a period: one partition query.</summary>
    public async Task<IReadOnlyList<QuarterlyReturn>> ListLatestAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(partnershipId, period)} and RowKey ge {"latest|"} and RowKey lt {"latest}"}");
        return [.. (await QueryAsync(partnershipId, period, filter, cancellationToken)).Select(stored => stored.Return)];
    }

    /// <summary>Every version of every partner's return for a period (the export's <c>versions=all</c>): one partition query.</summary>
    public async Task<IReadOnlyList<QuarterlyReturn>> ListAllVersionsAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(partnershipId, period)} and RowKey ge {"version|"} and RowKey lt {"version}"}");
        return [.. (await QueryAsync(partnershipId, period, filter, cancellationToken)).Select(stored => stored.Return)];
    }

    public async Task<StoredReturn?> GetLatestAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(partnershipId, period), LatestRowKey(partnerId), cancellationToken: cancellationToken);
        return row.HasValue ? await FromEntityAsync(partnershipId, period, row.Value!, cancellationToken) : null;
    }

    /// <summary>Every version of a partner's return, oldest first.</summary>
    public async Task<IReadOnlyList<StoredReturn>> ListVersionsAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken = default)
    {
        var prefix = $"version|{partnerId}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(partnershipId, period)} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        return await QueryAsync(partnershipId, period, filter, cancellationToken);
    }

    public async Task<IdempotentAnswer?> GetIdempotentAnswerAsync(string partnershipId, Period period, string partnerId, string key, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(partnershipId, period), IdempotencyRowKey(partnerId, key), cancellationToken: cancellationToken);
        return row.HasValue
            ? new IdempotentAnswer(row.Value!.GetString("RequestHash") ?? "", row.Value.GetString("Receipt") ?? "{}", row.Value.GetInt32("Version") ?? 0)
            : null;
    }

    /// <summary>
    /// Stores a new version as the latest, if the latest is still the one read (<paramref name="expectedLatest"/>,
    /// null when there was none), with the idempotency key's answer in the same transaction.
    /// </summary>
    /// <returns>The outcome, and on success the new latest row's ETag.</returns>
    public async Task<(SaveOutcome Outcome, ETag ETag)> SaveAsync(
        QuarterlyReturn version,
        string changesJson,
        string? credential,
        ETag? expectedLatest,
        (string Key, string RequestHash, string ReceiptJson)? idempotency,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await _created.EnsureAsync(cancellationToken);
        var partition = PartitionKey(version.PartnershipId, version.Period);
        var latest = ToEntity(version, changesJson, credential, LatestRowKey(version.PartnerId));
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToEntity(version, changesJson, credential, VersionRowKey(version.PartnerId, version.Version))),
            expectedLatest is { } etag
                ? new(TableTransactionActionType.UpdateReplace, latest, etag)
                : new(TableTransactionActionType.Add, latest),
        };

        if (idempotency is { } key)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, IdempotencyRowKey(version.PartnerId, key.Key))
            {
                ["RequestHash"] = key.RequestHash,
                ["Receipt"] = key.ReceiptJson,
                ["Version"] = version.Version,
            }));
        }

        foreach (var action in actions)
        {
            TableLimits.Require((TableEntity)action.Entity, Fields);
        }

        try
        {
            var results = await _table.SubmitTransactionAsync(actions, cancellationToken);
            return (SaveOutcome.Saved, results.Value[1].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return (SaveOutcome.Stale, default);
        }
    }

    /// <summary>The answer to an earlier bulk import with this <c>Idempotency-Key</c>, if any.</summary>
    public async Task<IdempotentAnswer?> GetImportAnswerAsync(string partnershipId, Period period, string key, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(partnershipId, period), ImportRowKey(key), cancellationToken: cancellationToken);
        return row.HasValue
            ? new IdempotentAnswer(row.Value!.GetString("RequestHash") ?? "", SplitText.Read(row.Value, "Receipt") ?? "{}", 0)
            : null;
    }

    /// <summary>
    /// Keeps a bulk import's answer for retries with the same key. Written after its versions, each of which carries
    /// the key too, so a retry after a crash between the two stores nothing twice; for the same reason an answer too
    /// large to keep (megabytes even compressed) is not kept, and a retry answers what it finds then.
    /// </summary>
    /// <returns>Whether the answer was kept.</returns>
    public async Task<bool> SaveImportAnswerAsync(string partnershipId, Period period, string key, string requestHash, string answerJson, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = new TableEntity(PartitionKey(partnershipId, period), ImportRowKey(key)) { ["RequestHash"] = requestHash };
        if (!SplitText.TryWrite(row, "Receipt", answerJson))
        {
            return false;
        }

        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    public async Task<Reopening?> GetReopeningAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(partnershipId, period), ReopenedRow, cancellationToken: cancellationToken);
        return row.HasValue
            ? new Reopening(row.Value!.GetString("ReopenedBy") ?? "", row.Value.GetDateTimeOffset("ReopenedAt") ?? DateTimeOffset.MinValue)
            : null;
    }

    public async Task ReopenAsync(string partnershipId, Period period, Reopening reopening, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reopening);
        await _created.EnsureAsync(cancellationToken);
        var row = new TableEntity(PartitionKey(partnershipId, period), ReopenedRow) { ["ReopenedBy"] = reopening.ReopenedBy, ["ReopenedAt"] = reopening.ReopenedAt };
        TableLimits.Require(row, new Dictionary<string, string> { ["ReopenedBy"] = "reopenedBy" });
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task CloseAgainAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        await _table.DeleteEntityAsync(PartitionKey(partnershipId, period), ReopenedRow, cancellationToken: cancellationToken);
    }

    private async Task<IReadOnlyList<StoredReturn>> QueryAsync(string partnershipId, Period period, string filter, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var returns = new List<StoredReturn>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            returns.Add(await FromEntityAsync(partnershipId, period, row, cancellationToken));
        }

        return returns;
    }

    private static TableEntity ToEntity(QuarterlyReturn version, string changesJson, string? credential, string rowKey)
    {
        var row = new TableEntity(PartitionKey(version.PartnershipId, version.Period), rowKey)
        {
            ["PartnerId"] = version.PartnerId,
            ["Version"] = version.Version,
            ["StrategyVersion"] = version.StrategyVersion,
            ["Values"] = MeasureValueJson.Write(version.Values),
            ["SubmittedBy"] = version.SubmittedBy,
            ["SubmittedAt"] = version.SubmittedAt,
            ["IsLate"] = version.IsLate,
            ["Changes"] = changesJson,
        };
        SetIfPresent(row, "Achievements", version.Narrative.Achievements);
        SetIfPresent(row, "NextSteps", version.Narrative.NextSteps);
        SetIfPresent(row, "Risks", version.Narrative.Risks);
        SetIfPresent(row, "Credential", credential);
        return row;
    }

    private static void SetIfPresent(TableEntity row, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            row[name] = value;
        }
    }

    // Values are read with the kinds of the strategy version they were validated against.
    private async Task<StoredReturn> FromEntityAsync(string partnershipId, Period period, TableEntity row, CancellationToken cancellationToken)
    {
        var strategyVersion = row.GetInt32("StrategyVersion") ?? throw new InvalidDataException($"Return row {row.PartitionKey}/{row.RowKey} has no StrategyVersion.");
        var strategy = (await _strategies.GetVersionAsync(partnershipId, strategyVersion, cancellationToken))?.Strategy;
        var values = MeasureValueJson.Read(row.GetString("Values") ?? "{}", id => strategy?.FindMeasure(id)?.Kind);
        var quarterlyReturn = new QuarterlyReturn(
            partnershipId,
            period,
            row.GetString("PartnerId") ?? throw new InvalidDataException($"Return row {row.PartitionKey}/{row.RowKey} has no PartnerId."),
            row.GetInt32("Version") ?? throw new InvalidDataException($"Return row {row.PartitionKey}/{row.RowKey} has no Version."),
            strategyVersion,
            values,
            new ReturnNarrative(row.GetString("Achievements"), row.GetString("NextSteps"), row.GetString("Risks")),
            row.GetString("SubmittedBy") ?? "",
            row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue,
            row.GetBoolean("IsLate") ?? false);
        return new StoredReturn(quarterlyReturn, row.GetString("Changes") ?? "[]", row.GetString("Credential"), row.ETag);
    }
}
