using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Surveys;

namespace StrategyReports.Functions.Rollups;

/// <summary>Reads what a rollup of one period is computed from.</summary>
public interface IRollupInputs
{
    Task<RollupInputs> ReadAsync(Strategy strategy, Period period, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reads the inputs from the stores: each period's latest returns through <see cref="ReturnStore"/> and which of them
/// are accepted through <see cref="ReturnReviewStore"/> (two partition queries per period), and each survey's released
/// responses through <see cref="SurveyReleases"/> (dated by the release that released them). Unreleased responses never
/// reach a rollup, so rollup versions differ only by whole releases. The responses are handed to
/// <see cref="RollupSurveyResponses"/> as their rows are parsed, which counts them and keeps only the period's own:
/// two years of a large partnership's responses are never all held. Every partition is queried at once: a large
/// partnership is a dozen partition scans, and they overlap.
/// </summary>
public sealed class StoredRollupInputs(ReturnStore returnStore, ReturnReviewStore reviewStore, SurveyReleases releases) : IRollupInputs
{
    public async Task<RollupInputs> ReadAsync(Strategy strategy, Period period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var periods = RollupCalculator.PeriodsRead(strategy, period);
        var responses = new RollupSurveyResponses(strategy, period);
        var returnReads = periods.Select(p => returnStore.ListLatestAsync(strategy.PartnershipId, p, cancellationToken)).ToList();
        var reviewReads = periods.Select(p => reviewStore.ListForPeriodAsync(strategy.PartnershipId, p, cancellationToken)).ToList();
        var responseReads = strategy.Surveys
            .Select(survey => releases.ReadReleasedAsync(strategy.PartnershipId, survey, stored => responses.Add(new StoredSurveyResponse(stored.Id, stored.Response)), cancellationToken))
            .ToList();

        var returns = (await Task.WhenAll(returnReads)).SelectMany(list => list).ToList();
        var reviews = (await Task.WhenAll(reviewReads)).Select((list, i) => (Period: periods[i], List: list))
            .SelectMany(pair => pair.List.Select(review => (pair.Period, Review: review)))
            .ToLookup(pair => (pair.Period, pair.Review.PartnerId), pair => pair.Review);
        var accepted = returns
            .Where(r => ReturnReviewRules.StatusOf(r.Version, reviews[(r.Period, r.PartnerId)]).State == ReviewState.Accepted)
            .Select(r => new AcceptedReturn(r.PartnerId, r.Period, r.Version))
            .ToList();
        await Task.WhenAll(responseReads);
        return new RollupInputs(returns, [], accepted) { SurveyResponsesRead = responses };
    }
}
