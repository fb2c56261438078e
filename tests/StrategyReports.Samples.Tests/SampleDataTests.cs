using StrategyReports.Domain.Periods;
using StrategyReports.Surveys;

namespace StrategyReports.Samples.Tests;

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

public class SampleDataSurveyScoreTests
{
    private static readonly Lazy<SampleDataSet> Demo = new(() => SampleData.ForDemo(Samples.Bury, new DateOnly(2026, 11, 29)));

    [Fact]
    public void The_demo_pulse_scores_land_near_the_survey_measures_targets()
    {
        var survey = Samples.Bury.FindSurvey("wellbeing-pulse")!;
        var responses = Demo.Value.SurveyResponses.Where(response => response.SurveyId == survey.Id).ToList();

        var scores = SurveyScores.Compute(survey, responses, Samples.Bury.Partners.Sum(partner => partner.Headcount));

        var period = Period.Parse("2025-26-Q3");
        var wellbeing = scores.Themes.Single(theme => theme.Theme == "wellbeing").Score!.Value;
        var enps = scores.Scales.Single(scale => scale.QuestionId == "recommend-place-to-work").NetPromoterScore!.Value;
        var inclusive = scores.Likert.Single(likert => likert.QuestionId == "inclusive-manager").PercentPositive!.Value;
        Assert.InRange(wellbeing, Target("wellbeing-culture-score", period) - 1.5m, Target("wellbeing-culture-score", period) + 1.5m);
        Assert.InRange(enps, Target("staff-enps", period) - 25m, Target("staff-enps", period) + 25m);
        Assert.InRange(inclusive, Target("inclusive-leadership-experience", period) - 20m, Target("inclusive-leadership-experience", period) + 20m);
        Assert.InRange(scores.ResponseRatePercent!.Value, 10m, 30m);
    }

    [Fact]
    public void The_demo_pulse_shows_suppression_below_the_minimum_for_the_smallest_partner_only()
    {
        var survey = Samples.Bury.FindSurvey("wellbeing-pulse")!;
        var partners = Samples.Bury.Partners.Select(partner => new SurveyPartner(partner.Id, partner.Name, partner.Headcount)).ToList();

        var results = SurveyResults.Compute(survey, partners, Demo.Value.SurveyResponses.Where(response => response.SurveyId == survey.Id));

        Assert.Contains("vcfa", results.Partners.Where(group => !group.IsShown).Select(group => group.PartnerId));
        Assert.True(results.Partners.Count(group => group.IsShown) >= Samples.Bury.Partners.Count - 2);
        Assert.True(results.Overall.IsShown);
    }

    private static decimal Target(string measureId, Period period) => Samples.Bury.FindMeasure(measureId)!.TargetFor(period)!.Value;
}
