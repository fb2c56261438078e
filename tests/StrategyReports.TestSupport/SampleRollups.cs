using System.Security.Cryptography;
using System.Text;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.TestSupport;

/// <summary>
/// Realistic rollups of the example strategies for report tests and benchmarks, with made-up figures
/// rated by the calculator's own rules: plausible figures around each measure's targets, one partner
/// missing, staff voice from generated survey responses with real suppression (one partner below
/// the minimum), and narratives from every partner who returned.
/// </summary>
public static class SampleRollups
{
    /// <summary>Free text a partner below the survey minimum wrote: it must never appear in a report.</summary>
    public const string SuppressedComment = "Only the night team in our small ward knows about this problem";

    private static readonly string[] Comments =
    [
        "More protected time for team wellbeing check-ins.",
        "Rotas published further ahead so I can plan rest.",
        "A quiet room on site to take a proper break.",
        "Managers trained to have wellbeing conversations, not just sickness reviews.",
        "Faster access to physiotherapy and counselling.",
        "Less duplicate paperwork between organisations.",
    ];

    public static Strategy Strategy(string partnershipId)
    {
        var parsed = StrategyDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("strategies", partnershipId + ".yaml")), StrategyFormat.Yaml);
        return parsed.Strategy ?? throw new InvalidOperationException(string.Join("; ", parsed.Problems));
    }

    /// <param name="missingPartners">How many partners (the last ones) have not returned.</param>
    public static PartnershipRollup Build(Strategy strategy, Period period, int missingPartners = 1, bool sampleData = true)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var missing = strategy.Partners.TakeLast(missingPartners).ToList();
        var returned = strategy.Partners.Except(missing).ToList();
        var programmes = strategy.Programmes.Select(p => Programme(strategy, p, period, returned, missing)).ToList();
        var used = returned.Select((p, i) => new ReturnVersionUsed(p.Id, 1 + (i % 2), i == 1)).ToList();
        return new PartnershipRollup(
            strategy.PartnershipId,
            strategy.Name,
            period,
            1,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(strategy.PartnershipId + period.Id))),
            Completeness(strategy.Partners, returned, missing),
            programmes,
            RollupCalculator.AssuranceGroups(strategy, programmes),
            used,
            sampleData);
    }

    private static ReturnsCompleteness Completeness(IReadOnlyList<Partner> expected, IReadOnlyList<Partner> returned, IReadOnlyList<Partner> missing) =>
        new(expected.Count, returned.Count, returned.Count - Math.Min(1, returned.Count), Math.Min(1, returned.Count), [.. missing.Select(p => new PartnerRef(p.Id, p.Name))]);

    private static ProgrammeRollup Programme(Strategy strategy, Programme programme, Period period, IReadOnlyList<Partner> returned, IReadOnlyList<Partner> missing)
    {
        var surveys = strategy.Surveys.Where(s => s.ProgrammeId == programme.Id).ToList();
        var voices = surveys.Select(s => new StaffVoice(s.Id, s.Title, Results(strategy, s))).ToList();
        var measures = programme.Measures.Select(m => Measure(strategy, m, period, returned)).ToList();
        var expected = strategy.Partners.Where(p => programme.Measures.Any(m => Domain.Strategies.Strategy.AppliesTo(m, p))).ToList();
        var programmeMissing = missing.Where(expected.Contains).ToList();
        var notes = new List<string>();
        if (programmeMissing.Count > 0)
        {
            notes.Add($"{programmeMissing.Count} expected return{(programmeMissing.Count == 1 ? " is" : "s are")} missing, so totals are lower than the partnership's true position.");
        }

        notes.AddRange(measures.Where(m => m.Target is null).Select(m => $"{m.Name} has no target for this quarter, so it is not rated."));
        notes.AddRange(voices.Where(v => v.Results.Partners.Any(g => !g.IsShown)).Select(v => $"Some partners' results in {v.Title} are hidden to protect anonymity."));
        return new ProgrammeRollup(
            programme.Id,
            programme.Name,
            programme.Lead,
            programme.AssuranceGroupIds,
            programme.OverallRagRule,
            RollupCalculator.OverallRag(programme.OverallRagRule, measures.Select(m => m.Rag)),
            Completeness(expected, expected.Except(programmeMissing).ToList(), programmeMissing),
            measures,
            voices,
            [.. expected.Except(programmeMissing).Select((p, i) => new PartnerNarrative(
                p.Id,
                p.Name,
                1,
                $"{p.Name} completed its {programme.Name.ToLowerInvariant()} actions for the quarter and shared the learning at the delivery group.",
                i % 3 == 2 ? null : $"Extend the work to two more teams by the end of {period.Next().Id}.",
                i % 2 == 0 ? $"Capacity: winter pressures may delay {programme.Name.ToLowerInvariant()} work at {p.Name}." : null))],
            notes);
    }

    private static MeasureRollup Measure(Strategy strategy, SuccessMeasure measure, Period period, IReadOnlyList<Partner> returned)
    {
        var expected = strategy.PartnersReporting(measure);
        var contributors = measure.Kind == MeasureKind.Survey ? [] : expected.Where(returned.Contains).ToList();
        var trend = RollupCalculator.PeriodsRead(strategy, period)
            .Select(p => new TrendPoint(p, Value(measure, p, contributors.Count)))
            .ToList();
        var value = trend[^1].Value;
        var previous = trend.Count > 1 ? trend[^2].Value : null;
        var target = measure.TargetFor(period);
        var (rag, gap) = RollupCalculator.Judge(measure, value, target);
        int? yes = measure.Kind == MeasureKind.YesNo && value is { } v ? (int)Math.Round(v * contributors.Count / 100m) : null;
        return new MeasureRollup(
            measure.Id,
            measure.Name,
            measure.Kind,
            measure.Unit,
            measure.Direction,
            value,
            measure.Kind == MeasureKind.Ratio ? value * 100m * contributors.Count : null,
            measure.Kind == MeasureKind.Ratio ? 10_000m * contributors.Count : null,
            yes,
            target,
            rag,
            gap,
            previous,
            value - previous,
            trend,
            [.. contributors.Select(p => p.Id)],
            [.. expected.Select(p => p.Id)],
            false);
    }

    /// <summary>A plausible figure near the measure's target (or baseline), varying by measure and quarter.</summary>
    private static decimal? Value(SuccessMeasure measure, Period period, int contributors)
    {
        if (measure.Kind != MeasureKind.Survey && contributors == 0)
        {
            return null;
        }

        var anchor = measure.TargetFor(period) ?? measure.Trajectory?.BaselineValue ?? measure.Targets.Values.FirstOrDefault(measure.Kind switch
        {
            MeasureKind.Amount => 1_500_000m,
            MeasureKind.Count => 40m,
            MeasureKind.YesNo => 60m,
            _ => 6m,
        });
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(measure.Id + period.Id));
        var swing = ((hash[0] % 21) - 12) / 100m; // -12% … +8%
        var raw = anchor == 0 ? (hash[1] % 10) - 5 : anchor * (1 + (measure.Direction == Direction.LowerIsBetter ? -swing : swing));
        return measure.Kind switch
        {
            MeasureKind.Count => Math.Max(0, Math.Round(raw)),
            MeasureKind.Amount => Math.Round(raw / 1000m) * 1000m,
            MeasureKind.YesNo => Math.Round(Math.Clamp(Math.Round(raw * contributors / 100m), 0, contributors) * 100m / contributors, 1),
            _ => Math.Round(raw, 1),
        };
    }

    /// <summary>Survey results from generated responses: every partner answers, except the last returned one, which has too few to show.</summary>
    private static SurveyResults Results(Strategy strategy, PulseSurvey survey)
    {
        var partners = strategy.Partners.Select(p => new SurveyPartner(p.Id, p.Name, p.Headcount)).ToList();
        var responses = new List<SurveyResponse>();
        for (var index = 0; index < partners.Count; index++)
        {
            var few = index == partners.Count - 2;
            var count = few ? 3 : 14 + (index * 5 % 17);
            for (var r = 0; r < count; r++)
            {
                var answers = new Dictionary<string, SurveyAnswer>(StringComparer.Ordinal);
                foreach (var question in survey.Questions)
                {
                    var seed = (index * 31) + (r * 7) + question.Id.Length;
                    SurveyAnswer? answer = question.Kind switch
                    {
                        QuestionKind.Likert5 => new LikertAnswer(1 + ((seed % 9) switch { 0 => 0, 1 or 2 => 1, 3 or 4 => 2, 5 or 6 or 7 => 3, _ => 4 })),
                        QuestionKind.Scale0To10 => new ScaleAnswer(seed % 11),
                        QuestionKind.SingleChoice when question.Options is { Count: > 0 } options => new SingleChoiceAnswer(options[seed % options.Count]),
                        QuestionKind.MultiChoice when question.Options is { Count: > 0 } options => new MultiChoiceAnswer([options[seed % options.Count]]),
                        QuestionKind.Text when few => new TextAnswer(SuppressedComment),
                        QuestionKind.Text when r % 9 == 0 => new TextAnswer(Comments[(index + (r / 9)) % Comments.Length]),
                        _ => null,
                    };
                    if (answer is not null)
                    {
                        answers[question.Id] = answer;
                    }
                }

                responses.Add(new SurveyResponse(survey.Id, partners[index].Id, survey.Opens, answers));
            }
        }

        return SurveyResults.Compute(survey, partners, responses);
    }
}
