using System.Globalization;
using Azure.Data.Tables;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Audit;

/// <summary>One state-changing request as the audit trail keeps it.</summary>
/// <param name="Who">The caller as its identity names it with its roles, "personal link for partner X", the Functions host, or "anonymous".</param>
/// <param name="What">The endpoint's name, e.g. <c>PublishStrategy</c>.</param>
/// <param name="RouteValues">The values the route was called with (a period, a partner), never a token.</param>
/// <param name="Status">The answer's status code.</param>
public sealed record AuditEntry(DateTimeOffset At, string Who, string What, string Method, string RouteValues, int Status);

/// <summary>
/// The audit trail: a row per state-changing request, kept per partnership (requests naming none are kept
/// under <see cref="DeploymentPartition"/>), newest first. Rows hold who, what, when and the outcome; never a
/// request body, a survey answer, a token or a key, since the recorder never reads them.
/// </summary>
public sealed class AuditTrail
{
    public const string TableName = "audittrail";

    /// <summary>Where requests that name no partnership (sign-in, timers) are kept.</summary>
    public const string DeploymentPartition = "-deployment";

    public const int PageSize = 50;

    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public AuditTrail(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public async Task RecordAsync(string partition, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _created.EnsureAsync(cancellationToken);
        // Reversed ticks sort the newest first; within one tick (a clock that is coarse, or held still in a test) the
        // instance's monotonic counter keeps the order, and the random tail keeps two instances apart.
        var rowKey = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{long.MaxValue - System.Diagnostics.Stopwatch.GetTimestamp():D19}-{Guid.NewGuid().ToString("N")[..8]}");
        var row = new TableEntity(partition, rowKey)
        {
            ["At"] = entry.At,
            ["Who"] = Clip(entry.Who),
            ["What"] = Clip(entry.What),
            ["Method"] = entry.Method,
            ["RouteValues"] = Clip(entry.RouteValues),
            ["Status"] = entry.Status,
        };
        await _table.AddEntityAsync(row, cancellationToken);
    }

    /// <summary>A page of the partnership's entries, newest first, and the token for the next (older) page when there is one.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, string? Next)> ListAsync(string partition, string? continuation, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var pages = _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: PageSize, cancellationToken: cancellationToken)
            .AsPages(string.IsNullOrEmpty(continuation) ? null : continuation, PageSize);
        await foreach (var page in pages)
        {
            return ([.. page.Values.Select(FromEntity)], page.ContinuationToken);
        }

        return ([], null);
    }

    private static AuditEntry FromEntity(TableEntity row) => new(
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetString("Who") ?? string.Empty,
        row.GetString("What") ?? string.Empty,
        row.GetString("Method") ?? string.Empty,
        row.GetString("RouteValues") ?? string.Empty,
        row.GetInt32("Status") ?? 0);

    // Route values come from the caller; a row must stay within Table storage's limits whatever they send.
    private static string Clip(string text) => text.Length <= 1024 ? text : text[..1024];
}
