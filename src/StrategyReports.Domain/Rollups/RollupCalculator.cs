using System.Collections.Concurrent;
using System.Globalization;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Rollups;

/// <summary>
/// Rolls a partnership's returns and survey responses up per programme for one period. Pure:
/// the same strategy, period and inputs give an equal rollup, and no clock or storage is read.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Counts and amounts are summed; ratios are Σnumerators ÷ Σdenominators (never a mean of
/// percentages); yes-no is the percentage of answering partners saying yes.</item>
/// <item>Only the expected partners' values count (those whose sector the measure applies to).
/// Survey measures have no contributors or expected partners: no return feeds them.</item>
/// <item>A submitted measure is grey, not rated, when fewer than half of its expected partners
/// reported it: a sum of a few partners is not the partnership's figure. It is also grey with no
/// value or no target.</item>
/// <item>Survey measures count responses whose day falls in the period, from the partners the
/// measure applies to, and are suppressed below the survey's effective minimum, both in responses
/// and in answers to the question (every question of a theme).</item>
/// <item>Every figure is rounded once, to four decimal places, half away from zero.</item>
/// </list>
/// </remarks>
public static class RollupCalculator
{
    public const int Decimals = 4;

    /// <summary>
    /// The periods whose returns and survey responses a rollup of <paramref name="period"/> reads:
    /// the period and up to seven before it (its trend), none before the strategy's first, oldest first.
    /// </summary>
    public static IReadOnlyList<Period> PeriodsRead(Strategy strategy, Period period)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return RollupScope.PeriodsRead(strategy, period);
    }

    public static PartnershipRollup Compute(Strategy strategy, int strategyVersion, Period period, RollupInputs inputs)
    {
        var scope = RollupScope.Create(strategy, period, inputs);
        var surveyCounts = new ConcurrentDictionary<(string, Period, string), SurveyAnswerCounts>();
        var returns = scope.ReturnsIn(period);
        var received = scope.ReceivedIn(period);

        // Programmes are independent, so they are computed side by side; AsOrdered keeps the strategy's order.
        var programmes = strategy.Programmes
            .AsParallel()
            .AsOrdered()
            .Select(programme => Programme(scope, programme, received, surveyCounts))
            .ToList();

        var expected = strategy.Partners.Where(partner => strategy.MeasuresFor(partner).Count > 0).ToList();
        var used = returns.Values
            .OrderBy(r => r.PartnerId, StringComparer.Ordinal)
            .Select(r => new ReturnVersionUsed(r.PartnerId, r.Version, r.IsLate))
            .ToList();

        return new PartnershipRollup(
            strategy.PartnershipId,
            strategy.Name,
            period,
            strategyVersion,
            RollupFingerprint.Compute(scope, strategyVersion),
            Completeness(scope, expected, received),
            programmes,
            AssuranceGroups(strategy, programmes),
            used,
            scope.AllReturns.Any(r => r.IsSampleData));
    }

    private static ProgrammeRollup Programme(
        RollupScope scope,
        Programme programme,
        IReadOnlyDictionary<string, QuarterlyReturn> returns,
        ConcurrentDictionary<(string, Period, string), SurveyAnswerCounts> surveyCounts)
    {
        var strategy = scope.Strategy;
        var expected = strategy.Partners
            .Where(partner => programme.Measures.Any(measure => measure.IsSubmitted && Strategy.AppliesTo(measure, partner)))
            .ToList();
        var notes = new List<string>();
        var completeness = Completeness(scope, expected, returns);
        if (completeness.MissingCount > 0)
        {
            notes.Add(Invariant($"{completeness.MissingCount} of {completeness.Expected} expected partners have not sent a return for {scope.Period}: {string.Join(", ", completeness.Missing.Select(p => p.Name))}."));
        }

        var unaccepted = expected.Where(partner => returns.TryGetValue(partner.Id, out var r) && !scope.IsAccepted(r)).ToList();
        if (strategy.CountOnlyAccepted && unaccepted.Count > 0)
        {
            notes.Add(Invariant($"Only accepted returns count: {unaccepted.Count} of {completeness.Received} returns received for {scope.Period} are not yet accepted, so their figures are left out: {string.Join(", ", unaccepted.Select(p => p.Name))}."));
        }

        foreach (var partner in expected)
        {
            if (returns.TryGetValue(partner.Id, out var late) && late.IsLate)
            {
                notes.Add(late.Version > 1
                    ? Invariant($"{partner.Name} resubmitted after the due date (version {late.Version}); this rollup uses that version.")
                    : Invariant($"{partner.Name}'s return arrived after the due date."));
            }
        }

        var measures = programme.Measures
            .Select(measure => Measure(scope, measure, notes, surveyCounts))
            .ToList();

        var partners = strategy.Partners.Select(partner => new SurveyPartner(partner.Id, partner.Name, partner.Headcount)).ToList();
        var voices = new List<StaffVoice>();
        foreach (var survey in strategy.Surveys.Where(survey => survey.ProgrammeId == programme.Id))
        {
            var responses = scope.Surveys.InPeriodRolledUp(survey.Id);
            if (responses.Count == 0)
            {
                continue;
            }

            var results = SurveyResults.Compute(survey, partners, responses.Select(stored => stored.Response)) with
            {
                PartnerBasis = survey.CodesRequiredForPartnerResults ? PartnerBasis.SingleUseCodes : PartnerBasis.SelfDeclared,
            };
            voices.Add(new StaffVoice(survey.Id, survey.Title, results));
            if (!results.Overall.IsShown)
            {
                notes.Add(Invariant($"Results of '{survey.Title}' are hidden: fewer than {results.MinimumGroupSize} responses in {scope.Period}."));
            }
        }

        var narratives = expected
            .Select(partner => (partner, found: returns.TryGetValue(partner.Id, out var r) ? r : null))
            .Where(pair => pair.found is not null)
            .Select(pair => new PartnerNarrative(
                pair.partner.Id,
                pair.partner.Name,
                pair.found!.Version,
                TextOrNull(pair.found.Narrative.Achievements),
                TextOrNull(pair.found.Narrative.NextSteps),
                TextOrNull(pair.found.Narrative.Risks)))
            .Where(narrative => narrative.Achievements is not null || narrative.NextSteps is not null || narrative.Risks is not null)
            .ToList();

        return new ProgrammeRollup(
            programme.Id,
            programme.Name,
            programme.Lead,
            programme.AssuranceGroupIds,
            programme.OverallRagRule,
            OverallRag(programme.OverallRagRule, measures.Select(measure => measure.Rag)),
            completeness,
            measures,
            voices,
            narratives,
            notes);
    }

    private static MeasureRollup Measure(
        RollupScope scope,
        SuccessMeasure measure,
        List<string> notes,
        ConcurrentDictionary<(string, Period, string), SurveyAnswerCounts> surveyCounts)
    {
        var strategy = scope.Strategy;
        var expected = measure.IsSubmitted ? strategy.PartnersReporting(measure) : [];
        var trend = scope.Periods
            .Select(period => (period, aggregate: measure.IsSubmitted
                ? Submitted(measure, expected, scope.ReturnsIn(period))
                : Survey(scope, measure, period, surveyCounts)))
            .ToList();
        var current = trend[^1].aggregate;
        var previous = trend.Count > 1 ? trend[^2].aggregate.Value : null;
        var target = Round(measure.TargetFor(scope.Period));
        var tooFew = measure.IsSubmitted && current.Contributors.Count * 2 < expected.Count;
        var (rag, gap) = tooFew ? (Rag.Grey, null) : Judge(measure, current.Value, target);

        if (measure.IsSubmitted && expected.Count == 0)
        {
            notes.Add(Invariant($"{measure.Name} applies to no partner of the partnership."));
        }
        else if (tooFew)
        {
            notes.Add(Invariant($"{measure.Name} is not rated: {current.Contributors.Count} of {expected.Count} expected partners reported it, fewer than half."));
        }
        else if (current.IsSuppressed)
        {
            notes.Add(Invariant($"{measure.Name} is hidden: fewer than {current.Minimum} responses in {scope.Period}."));
        }
        else if (current.Value is null)
        {
            notes.Add(measure.IsSubmitted
                ? Invariant($"{measure.Name} has no value: the partners' denominators add up to zero.")
                : Invariant($"{measure.Name} has no survey responses in {scope.Period}."));
        }
        else if (target is null)
        {
            notes.Add(Invariant($"{measure.Name} has no target for {scope.Period}."));
        }

        return new MeasureRollup(
            measure.Id,
            measure.Name,
            measure.Kind,
            measure.Unit,
            measure.Direction,
            current.Value,
            current.Numerator,
            current.Denominator,
            current.YesCount,
            target,
            rag,
            gap,
            previous,
            current.Value - previous,
            [.. trend.Select(point => new TrendPoint(point.period, point.aggregate.Value))],
            current.Contributors,
            [.. expected.Select(partner => partner.Id)],
            current.IsSuppressed);
    }

    /// <summary>One measure's figure in one period.</summary>
    private sealed record Aggregate(
        decimal? Value,
        decimal? Numerator = null,
        decimal? Denominator = null,
        int? YesCount = null,
        IReadOnlyList<string>? ContributorIds = null,
        bool IsSuppressed = false,
        int Minimum = 0)
    {
        public IReadOnlyList<string> Contributors => ContributorIds ?? [];
    }

    private static Aggregate Submitted(SuccessMeasure measure, IReadOnlyList<Partner> expected, IReadOnlyDictionary<string, QuarterlyReturn> returns)
    {
        var contributors = new List<string>();
        decimal sum = 0m, numerator = 0m, denominator = 0m;
        var yes = 0;
        foreach (var partner in expected)
        {
            if (!returns.TryGetValue(partner.Id, out var found) || !found.Values.TryGetValue(measure.Id, out var value) || value.Kind != measure.Kind)
            {
                continue;
            }

            contributors.Add(partner.Id);
            switch (value)
            {
                case CountValue count:
                    sum += count.Value;
                    break;
                case AmountValue amount:
                    sum += amount.Value;
                    break;
                case RatioValue ratio:
                    numerator += ratio.Numerator;
                    denominator += ratio.Denominator;
                    break;
                case YesNoValue { Value: true }:
                    yes++;
                    break;
            }
        }

        if (contributors.Count == 0)
        {
            return new Aggregate(null, ContributorIds: contributors);
        }

        return measure.Kind switch
        {
            MeasureKind.Ratio => new Aggregate(Round(measure.RatioValue(numerator, denominator)), Round(numerator), Round(denominator), ContributorIds: contributors),
            MeasureKind.YesNo => new Aggregate(Round(100m * yes / contributors.Count), YesCount: yes, ContributorIds: contributors),
            _ => new Aggregate(Round(sum), ContributorIds: contributors),
        };
    }

    private static Aggregate Survey(
        RollupScope scope,
        SuccessMeasure measure,
        Period period,
        ConcurrentDictionary<(string, Period, string), SurveyAnswerCounts> cache)
    {
        if (measure.Survey is not { } source || scope.Strategy.FindSurvey(source.SurveyId) is not { } survey)
        {
            return new Aggregate(null);
        }

        var minimum = Suppression.EffectiveMinimum(survey.MinimumGroupSize);
        var sectors = string.Join(',', measure.AppliesToSectors.Order());
        var counts = cache.GetOrAdd((survey.Id, period, sectors), _ =>
        {
            var sum = new SurveyAnswerCounts();
            var byPartner = scope.Surveys.CountsByPartner(survey.Id, period);
            foreach (var partner in scope.Strategy.PartnersReporting(measure))
            {
                if (byPartner.TryGetValue(partner.Id, out var partnerCounts))
                {
                    sum.Add(partnerCounts);
                }
            }

            return sum;
        });

        if (counts.Responses == 0)
        {
            return new Aggregate(null);
        }

        var (value, answered) = Score(survey, source, counts);
        return counts.Responses < minimum || answered < minimum
            ? new Aggregate(null, IsSuppressed: true, Minimum: minimum)
            : new Aggregate(Round(value), Minimum: minimum);
    }

    /// <returns>The score and the fewest answers any question behind it had.</returns>
    private static (decimal? Value, int Answered) Score(PulseSurvey survey, SurveyMeasureSource source, SurveyAnswerCounts counts)
    {
        if (source.QuestionId is { } questionId)
        {
            var kind = survey.Questions.FirstOrDefault(question => question.Id == questionId)?.Kind;
            if (source.Score == SurveyScore.Enps)
            {
                var scale = kind == QuestionKind.Scale0To10 ? counts.Scale(questionId) : null;
                return (scale?.NetPromoterScore, scale?.Answered ?? 0);
            }

            var likert = kind == QuestionKind.Likert5 ? counts.Likert(questionId) : null;
            return (source.Score == SurveyScore.PercentPositive ? likert?.PercentPositive : likert?.Mean0To10, likert?.Answered ?? 0);
        }

        var questions = survey.Questions
            .Where(question => question.Kind == QuestionKind.Likert5 && question.Theme == source.Theme)
            .Select(question => question.Id)
            .ToList();
        if (questions.Count == 0)
        {
            return (null, 0);
        }

        var theme = questions.Select(counts.Likert).ToList();
        var fewest = theme.Min(score => score.Answered);
        switch (source.Score)
        {
            case SurveyScore.ThemeScore:
                return (source.Theme is { } name ? counts.Theme(name, questions).Score : null, fewest);
            case SurveyScore.PercentPositive:
                var answered = theme.Sum(score => score.Answered);
                var positive = theme.Sum(score => score.Counts[3] + score.Counts[4]);
                return (answered == 0 ? null : Math.Round(100m * positive / answered, 1, MidpointRounding.AwayFromZero), fewest);
            default:
                return (null, fewest);
        }
    }

    /// <summary>Each of the strategy's assurance groups with the programmes it oversees and how many are of each RAG.</summary>
    public static IReadOnlyList<AssuranceGroupSummary> AssuranceGroups(Strategy strategy, IReadOnlyList<ProgrammeRollup> programmes)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(programmes);
        return strategy.AssuranceGroups
            .Select(group =>
            {
                var overseen = programmes.Where(programme => programme.AssuranceGroupIds.Contains(group.Id)).ToList();
                return new AssuranceGroupSummary(
                    group.Id,
                    group.Name,
                    [.. overseen.Select(programme => programme.ProgrammeId)],
                    overseen.Count(programme => programme.OverallRag == Rag.Green),
                    overseen.Count(programme => programme.OverallRag == Rag.Amber),
                    overseen.Count(programme => programme.OverallRag == Rag.Red),
                    overseen.Count(programme => programme.OverallRag == Rag.Grey));
            })
            .ToList();
    }

    /// <summary>RAG against the target, and the gap (negative is worse) when short of it; grey with no value or no target.</summary>
    public static (Rag Rag, decimal? Gap) Judge(SuccessMeasure measure, decimal? value, decimal? target)
    {
        if (value is not { } actual || target is not { } goal)
        {
            return (Rag.Grey, null);
        }

        var shortfall = measure.Direction == Direction.HigherIsBetter ? goal - actual : actual - goal;
        if (shortfall <= 0m)
        {
            return (Rag.Green, null);
        }

        var rag = shortfall <= measure.AmberTolerance.AllowanceFor(goal) ? Rag.Amber : Rag.Red;
        return (rag, Round(-shortfall));
    }

    /// <summary>A programme's RAG from its measures'; grey measures are not judged, and a tie goes to the worse colour.</summary>
    public static Rag OverallRag(OverallRagRule rule, IEnumerable<Rag> measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        var judged = measures.Where(rag => rag != Rag.Grey).ToList();
        if (judged.Count == 0)
        {
            return Rag.Grey;
        }

        // Green < Amber < Red in the enum, so the larger is the worse.
        return rule == OverallRagRule.WorstOfMeasures
            ? judged.Max()
            : judged.GroupBy(rag => rag).OrderByDescending(group => group.Count()).ThenByDescending(group => group.Key).First().Key;
    }

    private static ReturnsCompleteness Completeness(RollupScope scope, IReadOnlyList<Partner> expected, IReadOnlyDictionary<string, QuarterlyReturn> returns)
    {
        var received = expected.Where(partner => returns.ContainsKey(partner.Id)).Select(partner => returns[partner.Id]).ToList();
        return new ReturnsCompleteness(
            expected.Count,
            received.Count,
            received.Count(r => !r.IsLate),
            received.Count(r => r.IsLate),
            [.. expected.Where(partner => !returns.ContainsKey(partner.Id)).Select(partner => new PartnerRef(partner.Id, partner.Name))],
            received.Count(scope.IsAccepted));
    }

    private static string? TextOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static decimal? Round(decimal? value) =>
        value is { } v ? Math.Round(v, Decimals, MidpointRounding.AwayFromZero) : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
