using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>What a submitter gets back for an accepted version; replayed as it was to a retry with the same idempotency key.</summary>
public sealed record ReturnReceipt(
    string PartnershipId,
    Period Period,
    string Partner,
    int Version,
    int StrategyVersion,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    bool IsLate,
    IReadOnlyList<ReturnWarning> Warnings,
    IReadOnlyList<ReturnChange> Changes);

/// <summary>An accepted submission: its receipt, the ETag of the new latest version (null on a replay once superseded).</summary>
public sealed record SubmissionResult(ReturnReceipt Receipt, string? ETag, bool Replayed);

/// <summary>Everything a return for one partner and period is checked against.</summary>
public sealed record ReturnContext(PublishedStrategy Strategy, Partner Partner, ReturnsWindow Window, ReturnsWindowState State, Reopening? Reopening)
{
    /// <summary>Open, late, or closed but reopened by an admin.</summary>
    public bool AcceptsReturns => State is ReturnsWindowState.Open or ReturnsWindowState.Late || (State == ReturnsWindowState.Closed && Reopening is not null);
}

/// <summary>
/// Accepting a return, the one path the API and the personal-link form share: identity of the partner and
/// period, the window, idempotency, optimistic concurrency, domain validation, then one transaction.
/// </summary>
public sealed class ReturnSubmissions(ReturnStore store, StrategyStore strategies, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The strategy in force, the partner and the window; 404 for anything unknown.</summary>
    public async Task<ReturnContext> GetContextAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken)
    {
        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        var partner = published.Strategy.FindPartner(partnerId) ?? throw new NotFoundException("partner", partnerId);
        return await GetContextAsync(published, partner, period, cancellationToken);
    }

    public async Task<ReturnContext> GetContextAsync(PublishedStrategy published, Partner partner, Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        if (!published.Strategy.Covers(period))
        {
            throw new NotFoundException("period of this strategy", period.Id);
        }

        var window = published.Strategy.Calendar.WindowFor(period);
        var reopening = await store.GetReopeningAsync(published.Strategy.PartnershipId, period, cancellationToken);
        return new ReturnContext(published, partner, window, window.StateAt(time.GetUtcNow()), reopening);
    }

    /// <summary>Checks and stores a submission as a new version; every refusal is a <see cref="DomainException"/> and stores nothing.</summary>
    /// <param name="ifMatch">The ETag of the latest version the submitter saw; required once a return exists.</param>
    /// <param name="submitter">Who is submitting, when the body does not name them.</param>
    /// <param name="credential">The API key or personal link used, kept with the version for audit.</param>
    public async Task<SubmissionResult> SubmitAsync(
        string partnershipId,
        Period period,
        string partnerId,
        string body,
        string? ifMatch,
        string? idempotencyKey,
        string submitter,
        string credential,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        if (idempotencyKey is not null)
        {
            IdempotencyKey.RequireValid(idempotencyKey);
            if (await ReplayAsync(partnershipId, period, partnerId, idempotencyKey, requestHash, cancellationToken) is { } replay)
            {
                return replay;
            }
        }

        var context = await GetContextAsync(partnershipId, period, partnerId, cancellationToken);
        RequireOpen(context);
        var latest = await store.GetLatestAsync(partnershipId, period, partnerId, cancellationToken);
        if (PreconditionFailure(latest, ifMatch) is { } precondition)
        {
            // The first attempt with this key may have committed after this retry looked for it: answer as it did.
            if (idempotencyKey is not null
                && await ReplayAsync(partnershipId, period, partnerId, idempotencyKey, requestHash, cancellationToken) is { } replayed)
            {
                return replayed;
            }

            throw precondition;
        }

        var check = await ValidAsync(context, period, body, cancellationToken);
        var submission = check.Submission!;
        var now = time.GetUtcNow();
        var version = new QuarterlyReturn(
            partnershipId,
            period,
            partnerId,
            (latest?.Return.Version ?? 0) + 1,
            context.Strategy.Version.Version,
            submission.Values,
            submission.Narrative,
            submission.SubmittedBy ?? submitter,
            now,
            IsLate: now >= context.Window.Due);
        var changes = ReturnChanges.Between(latest?.Return, submission);
        var receipt = new ReturnReceipt(
            partnershipId, period, partnerId, version.Version, version.StrategyVersion, version.SubmittedBy, now, version.IsLate, check.Warnings, changes);
        var receiptJson = JsonSerializer.Serialize(receipt, Json);

        var (outcome, etag) = await store.SaveAsync(
            version,
            ReturnChanges.ToJson(changes),
            credential,
            latest?.ETag,
            idempotencyKey is null ? null : (idempotencyKey, requestHash, receiptJson),
            cancellationToken);
        if (outcome == SaveOutcome.Saved)
        {
            Telemetry.ReturnsSubmitted.Add(1);
            return new SubmissionResult(receipt, etag.ToString(), Replayed: false);
        }

        // A retry racing the first attempt with the same key loses on whichever row it reaches first
        // (usually the version row), so any refusal may be "already done": answer as the winner did.
        if (idempotencyKey is not null
            && await ReplayAsync(partnershipId, period, partnerId, idempotencyKey, requestHash, cancellationToken) is { } replayedAfterRace)
        {
            return replayedAfterRace;
        }

        // The storage client sends a transaction again when the answer to it was lost, and the second attempt
        // is refused by the rows the first one wrote: that version is this request's own, stored once.
        var current = await store.GetLatestAsync(partnershipId, period, partnerId, cancellationToken);
        if (current is not null && IsSame(current, version, credential))
        {
            Telemetry.ReturnsSubmitted.Add(1);
            return new SubmissionResult(receipt, current.ETag.ToString(), Replayed: false);
        }

        throw Stale(current);
    }

    /// <summary>
    /// The checks a submission gets before it is stored (window open, every value valid), without storing it:
    /// the return form's "Continue" runs them before showing the officer their answers.
    /// </summary>
    public async Task<ReturnCheck> CheckAsync(ReturnContext context, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequireOpen(context);
        return await ValidAsync(context, context.Window.Period, body, cancellationToken);
    }

    private async Task<ReturnCheck> ValidAsync(ReturnContext context, Period period, string body, CancellationToken cancellationToken)
    {
        var strategy = context.Strategy.Strategy;
        var previousQuarter = period > strategy.FirstPeriod
            ? await store.GetLatestAsync(strategy.PartnershipId, period.Previous(), context.Partner.Id, cancellationToken)
            : null;
        var check = ReturnValidator.Check(body, strategy, context.Partner, previousQuarter?.Return);
        if (!check.IsValid)
        {
            throw new ValidationFailedException(
                check.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                $"The return has {check.Errors.Count} problem{(check.Errors.Count == 1 ? "" : "s")}; nothing was stored");
        }

        return check;
    }

    private static bool IsSame(StoredReturn stored, QuarterlyReturn written, string credential) =>
        stored.Credential == credential
        && stored.Return.Version == written.Version
        && stored.Return.SubmittedAt == written.SubmittedAt
        && stored.Return.SubmittedBy == written.SubmittedBy
        && stored.Return.Narrative == written.Narrative
        && MeasureValueJson.Write(stored.Return.Values) == MeasureValueJson.Write(written.Values);

    /// <summary>Refuses a submission outside the window: 409 before it opens, 423 after it closes unless reopened.</summary>
    public static void RequireOpen(ReturnContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = context.Window;
        if (context.State == ReturnsWindowState.NotYetOpen)
        {
            var problem = new ConflictException(
                "Returns are not open yet",
                $"Returns for {window.Period.Id} open on {Formatting.Date(window.OpensOn)}.");
            problem.Facts["opensOn"] = window.OpensOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            problem.Facts["opens"] = window.Opens;
            throw problem;
        }

        if (!context.AcceptsReturns)
        {
            var problem = new ClosedException(
                "Returns are closed",
                $"Returns for {window.Period.Id} closed at the end of {Formatting.Date(window.ClosesOn)}. Ask a partnership admin to reopen the period.",
                isFinal: false);
            problem.Facts["closedOn"] = window.ClosesOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            throw problem;
        }
    }

    private static PreconditionFailedException? PreconditionFailure(StoredReturn? latest, string? ifMatch)
    {
        if (latest is null)
        {
            return ifMatch is not null && ifMatch != "*" ? Stale(null) : null;
        }

        if (ifMatch is null)
        {
            var problem = new PreconditionFailedException(
                "If-Match is required",
                $"A return already exists (version {latest.Return.Version}). Send its ETag in If-Match so you cannot overwrite a version you have not seen.",
                isRequired: true);
            problem.Facts["currentVersion"] = latest.Return.Version;
            problem.Facts["currentETag"] = latest.ETag.ToString();
            return problem;
        }

        return ifMatch != "*" && ifMatch != latest.ETag.ToString() ? Stale(latest) : null;
    }

    private static PreconditionFailedException Stale(StoredReturn? latest)
    {
        var problem = new PreconditionFailedException(
            "The return has changed since you read it",
            latest is null
                ? "There is no return to update yet: submit without If-Match."
                : $"Version {latest.Return.Version} was submitted by {latest.Return.SubmittedBy} at {latest.Return.SubmittedAt:u}. Read it, then submit again with its ETag.");
        problem.Facts["currentVersion"] = latest?.Return.Version;
        problem.Facts["currentETag"] = latest?.ETag.ToString();
        return problem;
    }

    private async Task<SubmissionResult?> ReplayAsync(string partnershipId, Period period, string partnerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var answer = await store.GetIdempotentAnswerAsync(partnershipId, period, partnerId, key, cancellationToken);
        if (answer is null)
        {
            return null;
        }

        if (answer.RequestHash != requestHash)
        {
            throw new ValidationFailedException("Idempotency-Key", "This Idempotency-Key was already used for a different return. Use a new key for a new submission.");
        }

        var receipt = JsonSerializer.Deserialize<ReturnReceipt>(answer.ReceiptJson, Json)
            ?? throw new InvalidDataException($"The stored answer for idempotency key '{key}' is empty.");
        var latest = await store.GetLatestAsync(partnershipId, period, partnerId, cancellationToken);
        // The ETag is only worth giving back while the replayed version is still the latest.
        var etag = latest?.Return.Version == answer.Version ? latest.ETag.ToString() : null;
        return new SubmissionResult(receipt, etag, Replayed: true);
    }
}
