using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Highlights;

/// <summary>Every version a programme's lead has saved: highlights of every period, and the risk and milestone logs.</summary>
public sealed record ProgrammeLog(IReadOnlyList<LeadHighlight> Highlights, IReadOnlyList<RiskEntry> Risks, IReadOnlyList<MilestoneEntry> Milestones);

/// <summary>
/// What programme leads write, in table <c>programmelogs</c>, one partition per partnership and programme
/// (<c>bury|workforce-wellbeing</c>) so a programme's whole log is one query: a row per version of the
/// lead's highlight (<c>highlight|{period}|{version:D6}</c>), of each risk (<c>risk|{id}|{version:D6}</c>) and
/// of each milestone record (<c>milestone|{id}|{version:D6}</c>). Versions are only ever added: a second
/// writer of the same version number is refused by the table, never overwrites.
/// </summary>
public sealed class ProgrammeLogStore
{
    public const string TableName = "programmelogs";

    private const string HighlightKind = "highlight";
    private const string RiskKind = "risk";
    private const string MilestoneKind = "milestone";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    // Which request field each stored property comes from, for a 422 when one cannot be stored.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Details"] = "body",
        ["SavedBy"] = "savedBy",
        [nameof(TableEntity.RowKey)] = "id",
        [TableLimits.EntityField] = "body",
    };

    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public ProgrammeLogStore(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public static string PartitionKey(string partnershipId, string programmeId) => $"{partnershipId}|{programmeId}";

    /// <summary>Every version of everything the programme's leads have saved, oldest first within each item.</summary>
    public async Task<ProgrammeLog> GetAsync(string partnershipId, string programmeId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var highlights = new List<LeadHighlight>();
        var risks = new List<RiskEntry>();
        var milestones = new List<MilestoneEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(partnershipId, programmeId)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var version = row.GetInt32("Version") ?? 0;
            var period = Period.Parse(row.GetString("Period") ?? throw new InvalidDataException($"Log row {row.PartitionKey}/{row.RowKey} has no Period."));
            var itemId = row.GetString("ItemId") ?? string.Empty;
            var savedBy = row.GetString("SavedBy") ?? string.Empty;
            var savedAt = row.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue;
            var details = row.GetString("Details") ?? "{}";
            switch (row.GetString("Kind"))
            {
                case HighlightKind:
                    var stored = JsonSerializer.Deserialize<StoredHighlight>(details, Json)!;
                    highlights.Add(new LeadHighlight(partnershipId, period, programmeId, version, stored.Status, stored.Text, savedBy, savedAt));
                    break;
                case RiskKind:
                    risks.Add(new RiskEntry(partnershipId, programmeId, itemId, version, period, JsonSerializer.Deserialize<RiskDetails>(details, Json)!, savedBy, savedAt));
                    break;
                case MilestoneKind:
                    milestones.Add(new MilestoneEntry(partnershipId, programmeId, itemId, version, period, JsonSerializer.Deserialize<MilestoneDetails>(details, Json)!, savedBy, savedAt));
                    break;
            }
        }

        return new ProgrammeLog(highlights, risks, milestones);
    }

    /// <summary>Adds a highlight version; false when that version number was taken by another save first.</summary>
    public Task<bool> AddAsync(LeadHighlight highlight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(highlight);
        return AddAsync(
            Row(highlight.PartnershipId, highlight.ProgrammeId, HighlightKind, highlight.Period.Id, highlight.Version, highlight.Period, highlight.SavedBy, highlight.SavedAt),
            new StoredHighlight(highlight.Status, highlight.Text),
            cancellationToken);
    }

    public Task<bool> AddAsync(RiskEntry risk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return AddAsync(Row(risk.PartnershipId, risk.ProgrammeId, RiskKind, risk.RiskId, risk.Version, risk.Period, risk.SavedBy, risk.SavedAt), risk.Details, cancellationToken);
    }

    public Task<bool> AddAsync(MilestoneEntry milestone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        return AddAsync(
            Row(milestone.PartnershipId, milestone.ProgrammeId, MilestoneKind, milestone.MilestoneId, milestone.Version, milestone.Period, milestone.SavedBy, milestone.SavedAt),
            milestone.Details,
            cancellationToken);
    }

    private async Task<bool> AddAsync<T>(TableEntity row, T details, CancellationToken cancellationToken)
    {
        row["Details"] = JsonSerializer.Serialize(details, Json);
        TableLimits.Require(row, Fields);
        await _created.EnsureAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private static TableEntity Row(string partnershipId, string programmeId, string kind, string itemId, int version, Period period, string savedBy, DateTimeOffset savedAt) =>
        new(PartitionKey(partnershipId, programmeId), $"{kind}|{itemId}|{version.ToString("D6", CultureInfo.InvariantCulture)}")
        {
            ["Kind"] = kind,
            ["ItemId"] = itemId,
            ["Version"] = version,
            ["Period"] = period.Id,
            ["SavedBy"] = savedBy,
            ["SavedAt"] = savedAt,
        };

    private sealed record StoredHighlight(HighlightStatus Status, HighlightText Text);
}
