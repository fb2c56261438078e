using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Rollups;

/// <summary>
/// The part of the inputs a rollup of one period reads: the periods of its trend, the latest
/// return of each known partner in each, and the responses to each known survey from known
/// partners in each (<see cref="RollupSurveyResponses"/>). The calculator and the fingerprint share it, so anything outside it can
/// change without making a run do work.
/// </summary>
internal sealed class RollupScope
{
    /// <summary>This period and up to seven before it: two years of quarters.</summary>
    public const int TrendLength = 8;

    private readonly Dictionary<Period, Dictionary<string, QuarterlyReturn>> _returns = [];
    private readonly Dictionary<Period, Dictionary<string, QuarterlyReturn>> _counted = [];
    private readonly HashSet<(string PartnerId, Period Period, int Version)> _accepted = [];

    private RollupScope(Strategy strategy, Period period, RollupSurveyResponses surveys)
    {
        Strategy = strategy;
        Period = period;
        Periods = PeriodsRead(strategy, period);
        Surveys = surveys;
    }

    public Strategy Strategy { get; }

    public Period Period { get; }

    /// <summary>The trend's periods, oldest first, ending with <see cref="Period"/>.</summary>
    public IReadOnlyList<Period> Periods { get; }

    /// <summary>The period and up to seven before it, not before the strategy's first period; oldest first.</summary>
    public static IReadOnlyList<Period> PeriodsRead(Strategy strategy, Period period)
    {
        var first = period;
        for (var i = 1; i < TrendLength && first > strategy.FirstPeriod; i++)
        {
            first = first.Previous();
        }

        return [.. Period.Range(first, period)];
    }

    public static RollupScope Create(Strategy strategy, Period period, RollupInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(inputs);
        var scope = new RollupScope(strategy, period, SurveyResponsesOf(strategy, period, inputs));
        var periods = scope.Periods.ToHashSet();
        var partners = strategy.Partners.Select(partner => partner.Id).ToHashSet(StringComparer.Ordinal);

        foreach (var quarterly in inputs.Returns)
        {
            if (quarterly.PartnershipId != strategy.PartnershipId)
            {
                throw new ArgumentException($"A return of partnership '{quarterly.PartnershipId}' is not one of '{strategy.PartnershipId}'.", nameof(inputs));
            }

            if (!periods.Contains(quarterly.Period) || !partners.Contains(quarterly.PartnerId))
            {
                continue;
            }

            if (!scope._returns.TryGetValue(quarterly.Period, out var byPartner))
            {
                scope._returns[quarterly.Period] = byPartner = new Dictionary<string, QuarterlyReturn>(StringComparer.Ordinal);
            }

            if (!byPartner.TryGetValue(quarterly.PartnerId, out var held) || held.Version < quarterly.Version)
            {
                byPartner[quarterly.PartnerId] = quarterly;
            }
        }

        foreach (var accepted in inputs.Accepted ?? [])
        {
            scope._accepted.Add((accepted.PartnerId, accepted.Period, accepted.Version));
        }

        // With countOnlyAccepted a return's figures count once a lead accepts it; it is received either way.
        foreach (var (receivedIn, byPartner) in scope._returns)
        {
            scope._counted[receivedIn] = strategy.CountOnlyAccepted
                ? byPartner.Where(pair => scope.IsAccepted(pair.Value)).ToDictionary(StringComparer.Ordinal)
                : byPartner;
        }

        return scope;
    }

    /// <summary>The latest return of each known partner for a period, by partner id.</summary>
    /// <summary>The returns whose figures count in the period: every partner's latest, or only accepted ones when the strategy says so.</summary>
    public IReadOnlyDictionary<string, QuarterlyReturn> ReturnsIn(Period period) =>
        _counted.TryGetValue(period, out var byPartner) ? byPartner : new Dictionary<string, QuarterlyReturn>();

    /// <summary>Every partner's latest return in the period, accepted or not: what completeness counts as received.</summary>
    public IReadOnlyDictionary<string, QuarterlyReturn> ReceivedIn(Period period) =>
        _returns.TryGetValue(period, out var byPartner) ? byPartner : new Dictionary<string, QuarterlyReturn>();

    public bool IsAccepted(QuarterlyReturn quarterly) => _accepted.Contains((quarterly.PartnerId, quarterly.Period, quarterly.Version));

    /// <summary>Every return in scope, in period then partner id order.</summary>
    public IEnumerable<QuarterlyReturn> AllReturns =>
        Periods.SelectMany(period => ReceivedIn(period).Values.OrderBy(r => r.PartnerId, StringComparer.Ordinal));

    /// <summary>The responses to known surveys from known partners in the trend's periods.</summary>
    public RollupSurveyResponses Surveys { get; }

    private static RollupSurveyResponses SurveyResponsesOf(Strategy strategy, Period period, RollupInputs inputs)
    {
        if (inputs.SurveyResponsesRead is not { } read)
        {
            return RollupSurveyResponses.Of(strategy, period, inputs.SurveyResponses);
        }

        if (inputs.SurveyResponses.Count > 0)
        {
            throw new ArgumentException("Survey responses are given either as read or as a list, not both.", nameof(inputs));
        }

        if (read.Strategy != strategy || read.Period != period)
        {
            throw new ArgumentException($"The survey responses were read for a rollup of {read.Period} of strategy '{read.Strategy.PartnershipId}', not this one.", nameof(inputs));
        }

        return read;
    }
}
