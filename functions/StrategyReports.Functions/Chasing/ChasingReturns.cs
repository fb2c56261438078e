using System.Globalization;
using System.Security.Claims;
using MailKit;
using MailKit.Net.Smtp;
using StrategyReports.Domain.Chasing;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Chasing;

/// <summary>A reminder as recorded, for the API and the page.</summary>
public sealed record ReminderView(string Partner, string Kind, int? DaysFromDue, DateTimeOffset At, string By, string To, string Outcome, string? Error);

/// <summary>A partner expected to return in the period: <c>returned</c>, <c>not-returned</c> (not yet due) or <c>late</c>.</summary>
public sealed record ChaseRow(string Partner, string Name, string Status, string? Contact, ReminderView? LastReminder);

/// <param name="SendsMail">Whether reminders go by e-mail; otherwise they come back as text to copy.</param>
public sealed record ChasingView(
    string PartnershipId,
    Period Period,
    DateOnly DueOn,
    DateOnly ClosesOn,
    bool SendsMail,
    int NotReturned,
    int Late,
    int QueryOpen,
    IReadOnlyList<ChaseRow> Partners,
    IReadOnlyList<ReminderView> Reminders);

/// <summary>The partners to remind; none (or no body) reminds every partner whose return is missing.</summary>
public sealed record ReminderRequest(IReadOnlyList<string>? Partners);

/// <summary>
/// One partner's reminder: <c>sent</c>, <c>failed</c> (the mail server refused or could not be reached),
/// <c>copy</c> (no SMTP settings: send the text yourself) or <c>no-contact</c> (the strategy names no returns contact).
/// </summary>
public sealed record ReminderResult(string Partner, string Name, string Outcome, string? To, string Subject, string Body, string? Error);

public sealed record RemindersSent(string PartnershipId, Period Period, bool SendsMail, IReadOnlyList<ReminderResult> Reminders);

/// <summary>
/// Chasing missing returns: the chase list of a period, reminders the lead sends, and those the strategy schedules.
/// The API and the lead's page both come here, so they make the same checks.
/// </summary>
public sealed class ChasingReturns(StrategyStore strategies, ReturnReviewStore reviews, ReminderStore reminders, ReminderSender sender, TimeProvider time)
{
    public const string TimerName = "SendReturnReminders";

    public async Task<ChasingView> GetAsync(ClaimsPrincipal user, string partnershipId, string period, CancellationToken cancellationToken)
    {
        var (strategy, at) = await ResolveAsync(user, partnershipId, period, cancellationToken);
        var list = await ChaseListAsync(strategy, at, cancellationToken);
        var sent = (await reminders.ListAsync(partnershipId, at, cancellationToken)).Select(View).ToList();
        var rows = list.Entries
            .Select(entry => new ChaseRow(entry.Partner.Id, entry.Partner.Name, StatusName(entry.State), entry.Contact, sent.LastOrDefault(r => r.Partner == entry.Partner.Id)))
            .ToList();
        return new ChasingView(
            partnershipId,
            at,
            list.Window.DueOn,
            list.Window.ClosesOn,
            sender.CanSend,
            list.Entries.Count(entry => entry.State == ChaseState.NotReturned),
            list.Entries.Count(entry => entry.State == ChaseState.Late),
            list.Entries.Count(entry => entry.State == ChaseState.QueryOpen),
            rows,
            sent);
    }

    /// <summary>Reminds the partners named (each must be expected and still missing), or every missing partner when none are named.</summary>
    public async Task<RemindersSent> RemindAsync(ClaimsPrincipal user, string partnershipId, string period, IReadOnlyList<string>? partners, CancellationToken cancellationToken)
    {
        var (strategy, at) = await ResolveAsync(user, partnershipId, period, cancellationToken);
        var list = await ChaseListAsync(strategy, at, cancellationToken);
        var chosen = Choose(list, partners);
        var now = time.GetUtcNow();
        var results = new List<ReminderResult>();
        foreach (var entry in chosen)
        {
            var letter = ReminderLetter.For(strategy, entry.Partner, list.Window, UkTime.DateAt(now));
            results.Add(await DeliverAsync(strategy.PartnershipId, at, entry, letter, new ReminderRecord(entry.Partner.Id, ReminderKind.Manual, null, now, user.Identity?.Name ?? "unknown", letter.To ?? string.Empty, ReminderOutcome.Claimed), cancellationToken)
                ?? throw new InvalidOperationException("A manual reminder's key is unique, so its claim cannot be refused."));
        }

        return new RemindersSent(partnershipId, at, sender.CanSend, results);
    }

    /// <summary>
    /// The reminders every partnership's strategy schedules for today (the UK day at <paramref name="now"/>), to the
    /// partners still missing. Each is claimed before it is sent, so a second run or instance sends nothing twice.
    /// </summary>
    public async Task<string> SendScheduledAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var now = time.GetUtcNow();
        int sent = 0, already = 0, failed = 0, noContact = 0, due = 0;
        foreach (var partnership in await strategies.ListPartnershipsAsync(cancellationToken))
        {
            var strategy = (await strategies.GetCurrentAsync(partnership.Id, cancellationToken))?.Strategy;
            foreach (var scheduled in strategy is null ? [] : ReminderSchedule.DueAt(strategy, now))
            {
                var list = await ChaseListAsync(strategy!, scheduled.Period, cancellationToken);
                foreach (var entry in list.Missing)
                {
                    due++;
                    if (entry.Contact is null)
                    {
                        noContact++;
                        continue;
                    }

                    if (!sender.CanSend)
                    {
                        continue;
                    }

                    var letter = ReminderLetter.For(strategy!, entry.Partner, list.Window, UkTime.DateAt(now));
                    var record = new ReminderRecord(entry.Partner.Id, ReminderKind.Scheduled, scheduled.DaysFromDue, now, $"timer {TimerName}", entry.Contact, ReminderOutcome.Claimed);
                    switch ((await DeliverAsync(strategy!.PartnershipId, scheduled.Period, entry, letter, record, cancellationToken))?.Outcome)
                    {
                        case null:
                            already++;
                            break;
                        case "sent":
                            sent++;
                            break;
                        default:
                            failed++;
                            invocation.Log($"{strategy.PartnershipId} {scheduled.Period}: the reminder to {entry.Partner.Id} failed.");
                            break;
                    }
                }
            }
        }

        return sender.CanSend
            ? Invariant($"{sent} reminders sent, {already} already sent, {failed} failed, {noContact} without a returns contact.")
            : Invariant($"{due} reminders due, none sent: no SMTP server is set.");
    }

    /// <summary>Sends one reminder, recorded before and after; or, without SMTP or a contact, gives its text to copy. Null when a scheduled reminder was already claimed.</summary>
    private async Task<ReminderResult?> DeliverAsync(string partnershipId, Period period, ChaseEntry entry, ReminderLetter letter, ReminderRecord record, CancellationToken cancellationToken)
    {
        ReminderResult Result(string outcome, string? error = null) => new(entry.Partner.Id, entry.Partner.Name, outcome, letter.To, letter.Subject, letter.Body, error);
        if (letter.To is null)
        {
            return Result("no-contact");
        }

        if (!sender.CanSend)
        {
            return Result("copy");
        }

        if (await reminders.ClaimAsync(partnershipId, period, record, cancellationToken) is not { } claim)
        {
            return null;
        }

        try
        {
            await sender.SendAsync(letter, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or System.Net.Sockets.SocketException or TimeoutException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException)
        {
            var error = $"The mail server did not take the reminder: {e.Message}";
            await reminders.CompleteAsync(partnershipId, period, claim, record with { Outcome = ReminderOutcome.Failed, Error = error }, cancellationToken);
            return Result("failed", error);
        }

        await reminders.CompleteAsync(partnershipId, period, claim, record with { Outcome = ReminderOutcome.Sent }, cancellationToken);
        return Result("sent");
    }

    private static List<ChaseEntry> Choose(ChaseList list, IReadOnlyList<string>? partners)
    {
        if (partners is null or { Count: 0 })
        {
            return [.. list.Missing];
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var chosen = new List<ChaseEntry>();
        for (var i = 0; i < partners.Count; i++)
        {
            var field = Invariant($"partners[{i}]");
            var entry = list.Find(partners[i] ?? string.Empty);
            if (entry is null)
            {
                errors[field] = [$"'{partners[i]}' is not a partner expected to return in {list.Period.Id}."];
            }
            else if (!entry.IsMissing)
            {
                errors[field] = [$"{entry.Partner.Name} has already returned for {list.Period.Id}."];
            }
            else if (!chosen.Contains(entry))
            {
                chosen.Add(entry);
            }
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors, "Some partners cannot be reminded") : chosen;
    }

    private async Task<(Strategy Strategy, Period Period)> ResolveAsync(ClaimsPrincipal user, string partnershipId, string period, CancellationToken cancellationToken)
    {
        var at = RouteValues.RequirePeriod(period);
        user.RequireReaderOf(RouteValues.RequireId(partnershipId, "partnership"));
        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        return published.Strategy.Covers(at) ? (published.Strategy, at) : throw new NotFoundException("period of this strategy", at.Id);
    }

    private async Task<ChaseList> ChaseListAsync(Strategy strategy, Period period, CancellationToken cancellationToken)
    {
        // The review states cover every return received, so they say who has returned as well as who is queried.
        var states = await reviews.ListStatesAsync(strategy.PartnershipId, period, cancellationToken);
        var returned = states.Keys.ToHashSet(StringComparer.Ordinal);
        var queried = states.Where(pair => pair.Value.State == ReviewState.Queried).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        return ChaseList.For(strategy, period, returned, time.GetUtcNow(), queried);
    }

    private static ReminderView View(ReminderRecord r) =>
        new(r.PartnerId, r.Kind == ReminderKind.Scheduled ? "scheduled" : "manual", r.DaysFromDue, r.At, r.By, r.To, r.Outcome.ToString().ToLowerInvariant(), r.Error);

    internal static string StatusName(ChaseState state) => state switch
    {
        ChaseState.Returned => "returned",
        ChaseState.QueryOpen => "query-open",
        ChaseState.Late => "late",
        _ => "not-returned",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Daily at 07:00: the reminders the strategies schedule for today.</summary>
public sealed class SendReturnReminders(ChasingReturns chasing) : ITimerFunction
{
    public string Name => ChasingReturns.TimerName;

    public Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken) => chasing.SendScheduledAsync(invocation, cancellationToken);
}
