using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Samples;

namespace StrategyReports.Domain.Tests.Samples;

public class SampleDataTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Fact]
    public void The_demo_fills_the_four_most_recent_whole_quarters_before_today()
    {
        var demo = SampleData.ForDemo(Samples.Bury, Today);

        Assert.Equal(["2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"], demo.Periods.Select(period => period.Id));
        Assert.Equal(demo.Periods, demo.Returns.Select(item => item.Period).Distinct().Order());
        Assert.All(demo.Periods, period =>
            Assert.InRange(demo.Returns.Count(item => item.Period == period && item.Version == 1), Samples.Bury.Partners.Count - 2, Samples.Bury.Partners.Count - 1));
        Assert.All(demo.Returns, item => Assert.True(item.IsSampleData));
    }

    [Fact]
    public void The_demo_answers_every_survey_open_during_those_quarters()
    {
        var demo = SampleData.ForDemo(Samples.Bury, Today);

        var bySurvey = demo.SurveyResponses.GroupBy(response => response.SurveyId).ToDictionary(group => group.Key, group => group.ToList());
        Assert.Equal(["new-starter", "wellbeing-pulse"], bySurvey.Keys.Order());
        Assert.All(bySurvey, pair =>
        {
            var survey = Samples.Bury.FindSurvey(pair.Key)!;
            Assert.All(pair.Value, response =>
            {
                Assert.True(survey.IsOpenOn(response.Day));
                Assert.Contains(Period.Containing(response.Day), demo.Periods);
            });
        });

        // Enough to pass every partner but the smallest over the minimum group size in the pulse.
        Assert.InRange(bySurvey["wellbeing-pulse"].Count, 1000, 2500);
        Assert.Equal(4, bySurvey["new-starter"].Select(response => Period.Containing(response.Day)).Distinct().Count());
    }

    [Fact]
    public void The_demo_is_the_same_for_the_same_seed_and_day()
    {
        var first = SampleData.ForDemo(Samples.Bury, Today);
        var second = SampleData.ForDemo(Samples.Bury, Today);

        Assert.Equal(first.Periods, second.Periods);
        Assert.Equal(first.Returns.Select(item => (item.PartnerId, item.Period, item.Version, item.SubmittedAt, item.Narrative)), second.Returns.Select(item => (item.PartnerId, item.Period, item.Version, item.SubmittedAt, item.Narrative)));
        Assert.Equal(first.SurveyResponses.Select(response => response.ToJson()), second.SurveyResponses.Select(response => response.ToJson()));
        Assert.NotEqual(
            first.SurveyResponses.Select(response => response.ToJson()),
            SampleData.ForDemo(Samples.Bury, Today, seed: 7).SurveyResponses.Select(response => response.ToJson()));
    }

    [Fact]
    public void Past_the_span_the_demo_fills_its_last_four_quarters()
    {
        Assert.Equal(
            ["2026-27-Q1", "2026-27-Q2", "2026-27-Q3", "2026-27-Q4"],
            SampleData.DemoPeriods(Samples.Bury, new DateOnly(2031, 6, 1)).Select(period => period.Id));
    }

    [Theory]
    [InlineData("2025-03-01", new string[0])]
    [InlineData("2025-06-30", new string[0])]
    [InlineData("2025-07-01", new[] { "2025-26-Q1" })]
    [InlineData("2025-12-31", new[] { "2025-26-Q1", "2025-26-Q2" })]
    [InlineData("2026-04-01", new[] { "2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4" })]
    [InlineData("2027-04-01", new[] { "2026-27-Q1", "2026-27-Q2", "2026-27-Q3", "2026-27-Q4" })]
    public void Near_the_start_of_the_span_the_demo_fills_only_the_whole_quarters_there_are(string today, string[] expected)
    {
        Assert.Equal(expected, SampleData.DemoPeriods(Samples.Bury, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).Select(period => period.Id));
    }

    [Fact]
    public void Nothing_is_dated_on_or_after_today_even_while_the_latest_window_is_open()
    {
        // 2026-27-Q2 ended on 30 September; its returns are due on 21 October.
        var today = new DateOnly(2026, 10, 12);

        var demo = SampleData.ForDemo(Samples.Bury, today);

        Assert.All(demo.Returns, item => Assert.True(item.SubmittedAt < UkTime.StartOfDay(today)));
        Assert.All(demo.SurveyResponses, response => Assert.True(response.Day < today));
        var latest = demo.Returns.Where(item => item.Period == Period.Parse("2026-27-Q2")).ToList();
        Assert.NotEmpty(latest);
        Assert.DoesNotContain(latest, item => item.IsLate);
        Assert.True(latest.Count < demo.Returns.Count(item => item.Period == Period.Parse("2026-27-Q1")));
    }
}
