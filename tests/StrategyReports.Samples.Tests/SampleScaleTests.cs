
namespace StrategyReports.Samples.Tests;

/// <summary>
/// The large partnership the rollup benchmark needs. How fast it generates is the benchmark's
/// business (docs/rollup-benchmarks.md), not a timing assertion here.
/// </summary>
public class SampleScaleTests
{
    [Fact]
    public void The_large_partnership_has_200_partners_by_40_ish_measures_by_8_quarters_of_returns()
    {
        var strategy = SampleStrategies.Large(seed: 11);
        var returns = SampleReturns.Generate(strategy, strategy.Periods, 11);

        var latest = Samples.Latest(returns);
        Assert.InRange(latest.Count, (200 - 2) * 8, (200 - 1) * 8);
        Assert.InRange(latest.Average(item => item.Values.Count), 25, 35);
        Assert.Equal(8, latest.Select(item => item.Period).Distinct().Count());
    }

    [Fact]
    public void A_hundred_thousand_survey_responses_come_from_every_partner()
    {
        var strategy = Samples.Large;
        var survey = strategy.FindSurvey("staff-pulse")!;

        var responses = SampleSurveyResponses.Generate(strategy, survey, strategy.Periods, 100_000, 11);

        Assert.Equal(100_000, responses.Count);
        Assert.Equal(200, responses.Select(response => response.PartnerId).Distinct().Count());
    }
}
