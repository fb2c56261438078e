using System.Text.Json.Nodes;
using Azure.Data.Tables;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Returns;

/// <summary>A return a partner has started but not sent: the body as it would be submitted, unchecked.</summary>
/// <param name="Body">Shaped like a submission (<c>values</c>, <c>narrative</c>, <c>submittedBy</c>); figures may still be wrong.</param>
/// <param name="SavedBy">The personal link or API key that saved it.</param>
public sealed record ReturnDraft(string PartnershipId, Period Period, string PartnerId, JsonObject Body, string SavedBy, DateTimeOffset SavedAt);

/// <summary>
/// Drafts in table <c>returndrafts</c>, one partition per partnership and one row per period and partner
/// (<c>2026-27-Q2|care-home</c>), replaced on every save. Kept apart from <c>returns</c> so that nothing which
/// reads returns (completeness, rollups, exports) can ever count a draft.
/// </summary>
public sealed class ReturnDraftStore
{
    public const string TableName = "returndrafts";

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Body"] = "body",
        ["SavedBy"] = "savedBy",
        [TableLimits.EntityField] = "body",
    };

    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public ReturnDraftStore(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public static string RowKey(Period period, string partnerId) => $"{period.Id}|{partnerId}";

    public async Task<ReturnDraft?> GetAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partnershipId, RowKey(period, partnerId), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var entity = row.Value!;
        return new ReturnDraft(
            partnershipId,
            period,
            partnerId,
            JsonNode.Parse(entity.GetString("Body") ?? "{}") as JsonObject ?? [],
            entity.GetString("SavedBy") ?? "",
            entity.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue);
    }

    /// <summary>Keeps the draft in place of any earlier one for the same period and partner.</summary>
    public async Task SaveAsync(ReturnDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await _created.EnsureAsync(cancellationToken);
        var row = new TableEntity(draft.PartnershipId, RowKey(draft.Period, draft.PartnerId))
        {
            ["Body"] = draft.Body.ToJsonString(),
            ["SavedBy"] = draft.SavedBy,
            ["SavedAt"] = draft.SavedAt,
        };
        TableLimits.Require(row, Fields);
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Drops the draft once the return it became is stored; none there is fine.</summary>
    public async Task DeleteAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        await _table.DeleteEntityAsync(partnershipId, RowKey(period, partnerId), cancellationToken: cancellationToken);
    }
}
