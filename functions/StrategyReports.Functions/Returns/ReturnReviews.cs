using System.Security.Claims;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>A decision as the API and the pages show it.</summary>
/// <param name="Decision"><c>accept</c> or <c>query</c>.</param>
/// <param name="Measures">A query's comments on specific values.</param>
public sealed record ReviewView(int Sequence, int BasedOnVersion, string Decision, string? Comment, IReadOnlyList<ValueComment> Measures, string ReviewedBy, DateTimeOffset ReviewedAt);

/// <summary>A return's review state and every decision on it, oldest first.</summary>
/// <param name="State"><c>awaiting-review</c>, <c>accepted</c> or <c>queried</c>.</param>
public sealed record ReviewHistory(string PartnershipId, Period Period, string Partner, int LatestVersion, string State, IReadOnlyList<ReviewView> Reviews);

/// <summary>
/// Accepting or querying a partner's return, the one path the API and the lead's review page share: the
/// partnership, period and partner must exist, the caller must be allowed to decide on the whole return
/// (<see cref="AccessScope.CanReviewReturn"/>), the decision must be about the latest version, then it is added
/// to the return's history and never changed.
/// </summary>
public sealed class ReturnReviews(ReturnReviewStore reviews, ReturnStore returns, StrategyStore strategies, TimeProvider time)
{
    public static string StateName(ReviewState state) => state switch
    {
        ReviewState.Accepted => "accepted",
        ReviewState.Queried => "queried",
        _ => "awaiting-review",
    };

    /// <summary>The programmes with a measure the partner returns: a reviewer must lead all of them.</summary>
    public static IReadOnlyList<string> ProgrammesOf(Strategy strategy, Partner partner)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return [.. strategy.Programmes.Where(p => p.Measures.Any(m => m.IsSubmitted && Strategy.AppliesTo(m, partner))).Select(p => p.Id)];
    }

    /// <summary>Whether the caller may decide on this partner's returns (the page shows the form only then).</summary>
    public static bool MayReview(ClaimsPrincipal user, Strategy strategy, Partner partner)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.CanReviewReturn(strategy.PartnershipId, ProgrammesOf(strategy, partner));
    }

    /// <summary>Records a decision; every refusal is a <see cref="DomainException"/> and records nothing.</summary>
    public async Task<ReviewView> RecordAsync(ClaimsPrincipal user, string partnershipId, Period period, string partnerId, ReviewRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.RequireReaderOf(partnershipId);
        var (strategy, partner) = await ResolveAsync(partnershipId, period, partnerId, cancellationToken);
        if (!MayReview(user, strategy, partner))
        {
            throw new AccessDeniedException($"Only an admin, or a lead of every programme '{partnerId}' returns for, can accept or query its return.");
        }

        var latest = await returns.GetLatestAsync(partnershipId, period, partnerId, cancellationToken)
            ?? throw new NotFoundException("return", $"{partnershipId}/{period.Id}/{partnerId}");
        var measureIds = strategy.MeasuresFor(partner).Select(m => m.Id).Concat(latest.Return.Values.Keys).ToHashSet(StringComparer.Ordinal);
        var check = ReturnReviewRules.Check(request ?? new ReviewRequest(null, null, null, null), latest.Return.Version, measureIds);
        if (check.Errors.Count > 0)
        {
            throw new ValidationFailedException(check.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        if (check.IsStale)
        {
            throw StaleConflict(check.BasedOnVersion, latest.Return);
        }

        var earlier = await reviews.ListAsync(partnershipId, period, partnerId, cancellationToken);
        var review = new ReturnReview(
            partnerId,
            earlier.Count == 0 ? 1 : earlier.Max(r => r.Sequence) + 1,
            check.BasedOnVersion,
            check.Decision,
            check.Comment,
            check.ValueComments,
            user.Identity?.Name ?? "unknown",
            time.GetUtcNow());
        if (await reviews.AddAsync(partnershipId, period, review, cancellationToken) == ReviewSaveOutcome.Taken)
        {
            throw new ConflictException(
                "Another decision was recorded first",
                "Someone else recorded a decision on this return while you were reviewing it. Read its history and decide again if you still need to.");
        }

        // A version submitted while the decision was being stored leaves the decision in the history, on the version it was made on.
        return View(review, null);
    }

    /// <summary>
    /// A return's decisions and state. Whoever may read the return may read them (the partner itself, to see a
    /// query); a lead of only some programmes sees comments on those programmes' values only.
    /// </summary>
    public async Task<ReviewHistory> HistoryAsync(ClaimsPrincipal user, string partnershipId, Period period, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.CanActForPartner(partnershipId, partnerId, write: false))
        {
            throw new AccessDeniedException($"You cannot read the returns of '{partnerId}'.");
        }

        // A return outlives its partner's place in the strategy: its history stays readable, as the return does.
        var latest = await returns.GetLatestAsync(partnershipId, period, partnerId, cancellationToken)
            ?? throw new NotFoundException("return", $"{partnershipId}/{period.Id}/{partnerId}");
        var decisions = await reviews.ListAsync(partnershipId, period, partnerId, cancellationToken);
        HashSet<string>? visible = null;
        if (user.ProgrammesReadableInReturn(partnershipId, partnerId) is { } programmes)
        {
            var strategy = (await strategies.GetCurrentAsync(partnershipId, cancellationToken))?.Strategy;
            visible = [.. (strategy?.Programmes ?? []).Where(p => programmes.Contains(p.Id)).SelectMany(p => p.Measures).Select(m => m.Id)];
        }

        return new ReviewHistory(
            partnershipId,
            period,
            partnerId,
            latest.Return.Version,
            StateName(ReturnReviewRules.StatusOf(latest.Return.Version, decisions).State),
            [.. decisions.Select(r => View(r, visible))]);
    }

    public static ReviewView View(ReturnReview review, IReadOnlySet<string>? visibleMeasures)
    {
        ArgumentNullException.ThrowIfNull(review);
        return new(
            review.Sequence,
            review.BasedOnVersion,
            ReturnReviewRules.Name(review.Decision),
            review.Comment,
            [.. review.ValueComments.Where(c => visibleMeasures is null || visibleMeasures.Contains(c.MeasureId))],
            review.ReviewedBy,
            review.ReviewedAt);
    }

    private static ConflictException StaleConflict(int reviewed, QuarterlyReturn latest) => new ConflictException(
        "The return has changed since you read it",
        $"You reviewed version {reviewed}, but version {latest.Version} was submitted by {latest.SubmittedBy} since. Review version {latest.Version} instead.");

    private async Task<(Strategy Strategy, Partner Partner)> ResolveAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken)
    {
        var strategy = (await strategies.GetCurrentAsync(partnershipId, cancellationToken))?.Strategy ?? throw new NotFoundException("partnership", partnershipId);
        if (!strategy.Covers(period))
        {
            throw new NotFoundException("period of this strategy", period.Id);
        }

        var partner = strategy.FindPartner(partnerId) ?? throw new NotFoundException("partner", partnerId);
        return (strategy, partner);
    }
}

/// <summary>An open query as the partner's return form shows it (partial <c>return-query</c>): who asked, when, and about what.</summary>
public sealed record ReturnQueryView(string ReviewedBy, string ReviewedAt, int Version, string? Comment, IReadOnlyList<ReviewValueComment> Measures)
{
    /// <summary>The query with each measure named as the strategy names it.</summary>
    public static ReturnQueryView Of(ReturnReview query, Strategy strategy)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(strategy);
        return new(
            query.ReviewedBy,
            Formatting.Moment(query.ReviewedAt),
            query.BasedOnVersion,
            query.Comment,
            [.. query.ValueComments.Select(c => new ReviewValueComment(strategy.FindMeasure(c.MeasureId)?.Name ?? c.MeasureId, c.Comment))]);
    }
}
