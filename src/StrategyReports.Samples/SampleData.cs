using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Samples;

/// <summary>Generated sample data for a partnership: what a seeder writes through the real stores.</summary>
/// <param name="Periods">The quarters the data covers, oldest first.</param>
/// <param name="Returns">Every version of every return, all submitted by <see cref="QuarterlyReturn.SampleDataSubmitter"/>.</param>
/// <param name="SurveyResponses">Responses to each survey open during those quarters.</param>
public sealed record SampleDataSet(
    IReadOnlyList<Period> Periods,
    IReadOnlyList<QuarterlyReturn> Returns,
    IReadOnlyList<SurveyResponse> SurveyResponses);

/// <summary>Sample data for the demo partnership, so the first highlight report a newcomer opens is full.</summary>
public static class SampleData
{
    /// <summary>How many quarters the demo fills.</summary>
    public const int DemoQuarters = 4;

    /// <summary>
    /// The four most recent whole quarters before <paramref name="today"/> within the strategy's span
    /// (its last four when today is past the span; fewer, or none, near its start), their returns,
    /// and responses to each survey open during them. Nothing is dated on or after <paramref name="today"/>.
    /// </summary>
    public static SampleDataSet ForDemo(Strategy strategy, DateOnly today, int seed = 2026)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var periods = DemoPeriods(strategy, today);
        var returns = SampleReturns.Generate(strategy, periods, seed, notAfter: UkTime.StartOfDay(today));
        var totalHeadcount = strategy.Partners.Sum(partner => (long)partner.Headcount);
        var responses = strategy.Surveys
            .SelectMany(survey => SampleSurveyResponses.Generate(strategy, survey, periods, ResponsesFor(survey, periods, totalHeadcount), seed))
            .Where(response => response.Day < today)
            .ToList();
        return new SampleDataSet(periods, returns, responses);
    }

    /// <summary>The quarters <see cref="ForDemo"/> fills for a day, oldest first.</summary>
    public static IReadOnlyList<Period> DemoPeriods(Strategy strategy, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var last = Period.Containing(today).Previous();
        if (last > strategy.LastPeriod)
        {
            last = strategy.LastPeriod;
        }

        if (last < strategy.FirstPeriod)
        {
            return [];
        }

        var first = last.AddQuarters(-(DemoQuarters - 1));
        return [.. Period.Range(first < strategy.FirstPeriod ? strategy.FirstPeriod : first, last)];
    }

    /// <summary>
    /// A short pulse hears from about a fifth of all staff; a survey open all year (such as a
    /// new-starter survey) from about 3% of staff a quarter.
    /// </summary>
    private static int ResponsesFor(PulseSurvey survey, IReadOnlyList<Period> periods, long totalHeadcount)
    {
        var openDays = periods.Sum(period =>
        {
            var first = period.FirstDay > survey.Opens ? period.FirstDay : survey.Opens;
            var last = period.LastDay < survey.Closes ? period.LastDay : survey.Closes;
            return Math.Max(0, last.DayNumber - first.DayNumber + 1);
        });
        if (openDays == 0)
        {
            return 0;
        }

        var isPulse = survey.Closes.DayNumber - survey.Opens.DayNumber < 92;
        return (int)Math.Round(isPulse ? totalHeadcount * 0.2 : totalHeadcount * 0.03 * openDays / 91.0);
    }
}
