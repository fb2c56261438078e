using System.Globalization;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Samples.Tests;

/// <summary>
/// A rollup counts survey responses as a reader hands them over (<see cref="RollupSurveyResponses"/>) instead of
/// holding them: over a generated partnership of every kind of survey measure, its figures are the scores the
/// responses themselves give, and responses handed over in any order from several threads give the same rollup.
/// </summary>
public class RollupSurveyResponsesTests
{
    private static readonly Strategy Strategy = SampleStrategies.Large(partners: 30, measures: 40, quarters: 8);
    private static readonly Period Last = Strategy.FirstPeriod.Next().Next().Next().Next().Next().Next().Next();
    private static readonly IReadOnlyList<Period> Quarters = [.. Period.Range(Strategy.FirstPeriod, Last)];

    // From 5 to 33 responses a quarter, so the early quarters fall below the minimum and are suppressed.
    private static readonly IReadOnlyList<StoredSurveyResponse> Responses =
    [
        .. Strategy.Surveys
            .SelectMany((survey, s) => Quarters.SelectMany((quarter, q) => SampleSurveyResponses.Generate(Strategy, survey, [quarter], 5 + (4 * q), seed: (10 * s) + q)))
            .Select((response, i) => new StoredSurveyResponse(i.ToString("x8", CultureInfo.InvariantCulture), response)),
    ];

    [Fact]
    public void Every_survey_measure_in_every_quarter_is_the_score_of_its_responses()
    {
        var rollup = RollupCalculator.Compute(Strategy, 1, Last, new RollupInputs([], Responses));
        var measures = Strategy.Programmes.SelectMany(programme => programme.Measures).Where(measure => measure.Survey is not null).ToList();
        var shown = 0;
        var suppressed = 0;

        Assert.NotEmpty(measures);
        foreach (var measure in measures)
        {
            var rolled = rollup.Programmes.SelectMany(programme => programme.Measures).First(m => m.MeasureId == measure.Id);
            foreach (var point in rolled.Trend)
            {
                var expected = Expected(measure, point.Period);
                Assert.True(expected == point.Value, $"{measure.Id} in {point.Period}: expected {expected}, rolled up {point.Value}.");
                (shown, suppressed) = point.Value is null ? (shown, suppressed + 1) : (shown + 1, suppressed);
            }
        }

        Assert.True(shown > 20 && suppressed > 0, $"{shown} figures shown and {suppressed} hidden: the sample should have both.");
    }

    [Fact]
    public void Responses_handed_over_in_any_order_from_several_threads_give_the_rollup_the_list_gives()
    {
        var fromList = RollupJson.Serialize(RollupCalculator.Compute(Strategy, 1, Last, new RollupInputs([], Responses)));
        var read = new RollupSurveyResponses(Strategy, Last);
        Parallel.ForEach(Responses.Reverse().Chunk(97), new ParallelOptions { MaxDegreeOfParallelism = 4 }, chunk =>
        {
            foreach (var stored in chunk)
            {
                read.Add(stored);
            }
        });

        var fromReader = RollupJson.Serialize(RollupCalculator.Compute(Strategy, 1, Last, new RollupInputs([], []) { SurveyResponsesRead = read }));

        Assert.Equal(fromList, fromReader);
    }

    [Fact]
    public void The_fingerprint_changes_when_one_response_is_swapped_for_another()
    {
        var original = RollupFingerprint.Compute(Strategy, 1, Last, new RollupInputs([], Responses));
        var inLast = Responses.First(stored => Period.Containing(stored.Response.Day) == Last.Previous());
        var swapped = Responses.Select(stored => stored == inLast ? stored with { Id = "another" } : stored).ToList();

        Assert.NotEqual(original, RollupFingerprint.Compute(Strategy, 1, Last, new RollupInputs([], swapped)));
        Assert.Equal(original, RollupFingerprint.Compute(Strategy, 1, Last, new RollupInputs([], [.. Responses.Reverse()])));
    }

    [Fact]
    public void Responses_read_for_another_rollup_or_given_twice_are_refused()
    {
        var read = new RollupSurveyResponses(Strategy, Last);

        Assert.Throws<ArgumentException>(() => RollupCalculator.Compute(Strategy, 1, Last.Previous(), new RollupInputs([], []) { SurveyResponsesRead = read }));
        Assert.Throws<ArgumentException>(() => RollupCalculator.Compute(Strategy, 1, Last, new RollupInputs([], Responses) { SurveyResponsesRead = read }));
    }

    // What the survey's own scores (as its results pages show them) give for the measure, suppressed below the minimum.
    private static decimal? Expected(SuccessMeasure measure, Period period)
    {
        var source = measure.Survey!;
        var survey = Strategy.FindSurvey(source.SurveyId)!;
        var partners = Strategy.PartnersReporting(measure).Select(partner => partner.Id).ToHashSet(StringComparer.Ordinal);
        var responses = Responses
            .Select(stored => stored.Response)
            .Where(response => response.SurveyId == survey.Id && Period.Containing(response.Day) == period && partners.Contains(response.PartnerId))
            .ToList();
        var scores = SurveyScores.Compute(survey, responses, null);
        var minimum = Suppression.EffectiveMinimum(survey.MinimumGroupSize);
        if (responses.Count == 0)
        {
            return null;
        }

        List<LikertScore> theme = [.. scores.Likert.Where(score => source.QuestionId is null
            ? survey.Questions.Any(question => question.Id == score.QuestionId && question.Theme == source.Theme)
            : score.QuestionId == source.QuestionId)];
        var (value, answered) = (source.QuestionId, source.Score) switch
        {
            (not null, SurveyScore.Enps) => scores.Scales.Single(score => score.QuestionId == source.QuestionId) is var scale ? (scale.NetPromoterScore, scale.Answered) : default,
            (not null, SurveyScore.PercentPositive) => (theme[0].PercentPositive, theme[0].Answered),
            (not null, _) => (theme[0].Mean0To10, theme[0].Answered),
            (null, SurveyScore.ThemeScore) => (scores.Themes.Single(score => score.Theme == source.Theme).Score, theme.Min(score => score.Answered)),
            _ => (Percent(theme.Sum(score => score.Counts[3] + score.Counts[4]), theme.Sum(score => score.Answered)), theme.Min(score => score.Answered)),
        };
        return responses.Count < minimum || answered < minimum ? null : value;
    }

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
