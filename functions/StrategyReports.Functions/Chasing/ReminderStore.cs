using System.Globalization;
using Azure;
using Azure.Data.Tables;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Chasing;

/// <summary>A reminder sent by the lead from the chasing page or the API, or by the timer on a day the strategy schedules.</summary>
public enum ReminderKind
{
    Manual,
    Scheduled,
}

/// <summary>Where a recorded reminder got to: claimed (being sent, or its sender stopped mid-way), sent, or refused by the mail server.</summary>
public enum ReminderOutcome
{
    Claimed,
    Sent,
    Failed,
}

/// <param name="DaysFromDue">For a scheduled reminder, its day relative to the due day.</param>
/// <param name="By">Who sent it: the lead's name, or the timer's.</param>
/// <param name="To">The address it went to.</param>
public sealed record ReminderRecord(
    string PartnerId,
    ReminderKind Kind,
    int? DaysFromDue,
    DateTimeOffset At,
    string By,
    string To,
    ReminderOutcome Outcome,
    string? Error = null);

/// <summary>A reminder's row, added before sending; completing it needs its key and version.</summary>
public sealed record ReminderClaim(string RowKey, ETag ETag);

/// <summary>
/// Every reminder sent, in table <c>reminders</c>, one partition per partnership and period (<c>bury|2026-27-Q2</c>).
/// A row is added (claimed) before the mail is sent and updated after. A scheduled reminder's row key is fixed by
/// partner and day (<c>scheduled|nca|-7</c>), so when two instances or two timer runs reach the same reminder,
/// the table lets one add it and refuses the other, and the mail goes once. A manual reminder's key is unique
/// (<c>manual|nca|{ticks}|{id}</c>): a lead may send as many as they choose.
/// </summary>
public sealed class ReminderStore
{
    public const string TableName = "reminders";

    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public ReminderStore(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public static string PartitionKey(string partnershipId, Period period) => $"{partnershipId}|{period.Id}";

    /// <summary>Records the reminder as claimed before it is sent; null when a scheduled one is already claimed (it must not go again).</summary>
    public async Task<ReminderClaim?> ClaimAsync(string partnershipId, Period period, ReminderRecord reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        await _created.EnsureAsync(cancellationToken);
        var rowKey = RowKey(reminder);
        try
        {
            var response = await _table.AddEntityAsync(Row(partnershipId, period, rowKey, reminder with { Outcome = ReminderOutcome.Claimed }), cancellationToken);
            return new ReminderClaim(rowKey, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Records how sending went, on the row <see cref="ClaimAsync"/> added.</summary>
    public async Task CompleteAsync(string partnershipId, Period period, ReminderClaim claim, ReminderRecord reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(reminder);
        await _table.UpdateEntityAsync(Row(partnershipId, period, claim.RowKey, reminder), claim.ETag, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every reminder recorded for the period, oldest first.</summary>
    public async Task<IReadOnlyList<ReminderRecord>> ListAsync(string partnershipId, Period period, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var reminders = new List<ReminderRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(partnershipId, period)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            reminders.Add(new ReminderRecord(
                row.GetString("Partner") ?? string.Empty,
                Enum.TryParse<ReminderKind>(row.GetString("Kind"), out var kind) ? kind : ReminderKind.Manual,
                row.GetInt32("DaysFromDue"),
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                row.GetString("By") ?? string.Empty,
                row.GetString("To") ?? string.Empty,
                Enum.TryParse<ReminderOutcome>(row.GetString("Outcome"), out var outcome) ? outcome : ReminderOutcome.Claimed,
                row.GetString("Error")));
        }

        return [.. reminders.OrderBy(reminder => reminder.At)];
    }

    private static string RowKey(ReminderRecord reminder) => reminder.Kind == ReminderKind.Scheduled
        ? string.Create(CultureInfo.InvariantCulture, $"scheduled|{reminder.PartnerId}|{reminder.DaysFromDue}")
        : string.Create(CultureInfo.InvariantCulture, $"manual|{reminder.PartnerId}|{reminder.At.UtcTicks:D19}|{Guid.NewGuid():N}");

    private static TableEntity Row(string partnershipId, Period period, string rowKey, ReminderRecord reminder)
    {
        var row = new TableEntity(PartitionKey(partnershipId, period), rowKey)
        {
            ["Partner"] = reminder.PartnerId,
            ["Kind"] = reminder.Kind.ToString(),
            ["DaysFromDue"] = reminder.DaysFromDue,
            ["At"] = reminder.At,
            ["By"] = reminder.By,
            ["To"] = reminder.To,
            ["Outcome"] = reminder.Outcome.ToString(),
            ["Error"] = reminder.Error,
        };
        TableLimits.Require(row);
        return row;
    }
}
