using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Returns;

/// <summary>What became of an attempt to record a decision.</summary>
public enum ReviewSaveOutcome
{
    Saved,

    /// <summary>Another decision took the same sequence number first: nothing was written.</summary>
    Taken,
}

/// <summary>
/// Review decisions in table <c>returns</c>, beside the versions they decide on (partition <c>bury|2026-27-Q2</c>,
/// row <c>review|{partner}|{sequence:D6}</c>). A decision is only ever added: the next one takes the next
/// sequence number, and two reviewers taking the same number at once cannot both be stored.
/// The other features read the review state here (<see cref="GetOpenQueryAsync"/>, <see cref="ListStatesAsync"/>).
/// </summary>
public sealed class ReturnReviewStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Which request field each stored property comes from, for a 422 when one cannot be stored.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Comment"] = "comment",
        ["ValueComments"] = "measures",
        ["ReviewedBy"] = "reviewedBy",
        [nameof(TableEntity.RowKey)] = "partner",
        [TableLimits.EntityField] = "measures",
    };

    private readonly TableClient _table;
    private readonly ReturnStore _returns;
    private readonly InitialiseOnce _created;

    public ReturnReviewStore(TableServiceClient tables, ReturnStore returns)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(ReturnStore.TableName);
        _returns = returns;
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public static string RowKey(string partnerId, int sequence) => $"review|{partnerId}|{sequence.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>Every decision on a partner's return for the period, oldest first.</summary>
    public Task<IReadOnlyList<ReturnReview>> ListAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken = default) =>
        QueryAsync(partnershipId, period, $"review|{partnerId}|", cancellationToken);

    /// <summary>Every decision on every partner's return for the period: one partition query.</summary>
    public Task<IReadOnlyList<ReturnReview>> ListForPeriodAsync(string partnershipId, Period period, CancellationToken cancellationToken = default) =>
        QueryAsync(partnershipId, period, "review|", cancellationToken);

    /// <summary>The query on a partner's latest version that a new version has yet to answer; null when there is none (or no return).</summary>
    public async Task<ReturnReview?> GetOpenQueryAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken = default)
    {
        var latest = _returns.GetLatestAsync(partnershipId, period, partnerId, cancellationToken);
        var reviews = ListAsync(partnershipId, period, partnerId, cancellationToken);
        return await latest is { } stored ? ReturnReviewRules.OpenQuery(stored.Return.Version, await reviews) : null;
    }

    /// <summary>The open query on a version the caller has already read, without reading the return again.</summary>
    public async Task<ReturnReview?> GetOpenQueryAsync(string partnershipId, Period period, string partnerId, int latestVersion, CancellationToken cancellationToken = default) =>
        ReturnReviewRules.OpenQuery(latestVersion, await ListAsync(partnershipId, period, partnerId, cancellationToken));

    /// <summary>The review state of every return received for the period, by partner id: two partition queries.</summary>
    public async Task<IReadOnlyDictionary<string, ReviewStatus>> ListStatesAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        var latest = _returns.ListLatestAsync(partnershipId, period, cancellationToken);
        var reviews = (await ListForPeriodAsync(partnershipId, period, cancellationToken)).ToLookup(r => r.PartnerId, StringComparer.Ordinal);
        return (await latest).ToDictionary(r => r.PartnerId, r => ReturnReviewRules.StatusOf(r.Version, reviews[r.PartnerId]), StringComparer.Ordinal);
    }

    /// <summary>Adds a decision under its sequence number, unless another decision holds that number already.</summary>
    public async Task<ReviewSaveOutcome> AddAsync(string partnershipId, Period period, ReturnReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        await _created.EnsureAsync(cancellationToken);
        var row = new TableEntity(ReturnStore.PartitionKey(partnershipId, period), RowKey(review.PartnerId, review.Sequence))
        {
            ["PartnerId"] = review.PartnerId,
            ["Sequence"] = review.Sequence,
            ["BasedOnVersion"] = review.BasedOnVersion,
            ["Decision"] = ReturnReviewRules.Name(review.Decision),
            ["ValueComments"] = JsonSerializer.Serialize(review.ValueComments, Json),
            ["ReviewedBy"] = review.ReviewedBy,
            ["ReviewedAt"] = review.ReviewedAt,
        };
        if (review.Comment is not null)
        {
            row["Comment"] = review.Comment;
        }

        TableLimits.Require(row, Fields);
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return ReviewSaveOutcome.Saved;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            return ReviewSaveOutcome.Taken;
        }
    }

    private async Task<IReadOnlyList<ReturnReview>> QueryAsync(string partnershipId, Period period, string prefix, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReturnStore.PartitionKey(partnershipId, period)} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        var reviews = new List<ReturnReview>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            reviews.Add(FromEntity(row));
        }

        return reviews;
    }

    private static ReturnReview FromEntity(TableEntity row) => new(
        row.GetString("PartnerId") ?? throw new InvalidDataException($"Review row {row.PartitionKey}/{row.RowKey} has no PartnerId."),
        row.GetInt32("Sequence") ?? throw new InvalidDataException($"Review row {row.PartitionKey}/{row.RowKey} has no Sequence."),
        row.GetInt32("BasedOnVersion") ?? 0,
        row.GetString("Decision") == ReturnReviewRules.AcceptName ? ReviewDecision.Accept : ReviewDecision.Query,
        row.GetString("Comment"),
        JsonSerializer.Deserialize<List<ValueComment>>(row.GetString("ValueComments") ?? "[]", Json) ?? [],
        row.GetString("ReviewedBy") ?? "",
        row.GetDateTimeOffset("ReviewedAt") ?? DateTimeOffset.MinValue);
}
