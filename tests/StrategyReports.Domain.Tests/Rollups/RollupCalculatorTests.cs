using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests.Rollups;

public class RollupCalculatorTests
{
    private static readonly PartnershipRollup Rollup = RollupCalculator.Compute(Testshire.Strategy, 3, Testshire.Q2, Testshire.Inputs());

    private static ProgrammeRollup Wellbeing => Rollup.Programmes[0];

    private static ProgrammeRollup Growing => Rollup.Programmes[1];

    private static MeasureRollup Measure(string id) => Rollup.Programmes.SelectMany(p => p.Measures).Single(m => m.MeasureId == id);

    [Fact]
    public void A_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators_so_large_partners_weigh_more()
    {
        var sickness = Measure("sickness");

        // 5202 / 110200 × 100; the mean of the four partners' percentages would be 3.0.
        Assert.Equal(4.7205m, sickness.Value);
        Assert.Equal(5202m, sickness.Numerator);
        Assert.Equal(110200m, sickness.Denominator);
        Assert.Equal(5m, sickness.Target);
        Assert.Equal(Rag.Green, sickness.Rag);
        Assert.Null(sickness.Gap);
        Assert.Equal(4.5112m, sickness.PreviousValue);
        Assert.Equal(0.2093m, sickness.Change);
        Assert.Equal([new TrendPoint(Testshire.Q1, 4.5112m), new TrendPoint(Testshire.Q2, 4.7205m)], sickness.Trend);
        Assert.Equal(["big-trust", "mh-trust", "practice", "council"], sickness.Contributors);
        Assert.Equal(["big-trust", "mh-trust", "practice", "council", "care-home"], sickness.Expected);
    }

    [Fact]
    public void Counts_are_summed_from_the_latest_version_and_red_beyond_a_percentage_tolerance()
    {
        var vacancies = Measure("vacancies");

        // 280 (the resubmission, not 300) + 60 + 1 + 20; the target 100 with 10% allows up to 110.
        Assert.Equal(361m, vacancies.Value);
        Assert.Equal(Rag.Red, vacancies.Rag);
        Assert.Equal(-261m, vacancies.Gap);
        Assert.Equal(415m, vacancies.PreviousValue);
        Assert.Equal(-54m, vacancies.Change);
        Assert.Null(vacancies.Numerator);
        Assert.Null(vacancies.YesCount);
    }

    [Fact]
    public void Yes_no_is_the_percentage_of_answering_partners_saying_yes_and_amber_within_tolerance()
    {
        var edi = Measure("edi");

        Assert.Equal(75m, edi.Value);
        Assert.Equal(3, edi.YesCount);
        Assert.Equal(Rag.Amber, edi.Rag);
        Assert.Equal(-5m, edi.Gap);
        Assert.Equal(33.3333m, edi.PreviousValue);
        Assert.Equal(4, edi.Contributors.Count);
    }

    [Fact]
    public void A_sector_only_measure_expects_and_counts_only_its_sectors()
    {
        var agency = Measure("agency");
        Assert.Equal(["big-trust", "mh-trust"], agency.Expected);
        Assert.Equal(1150000m, agency.Value);
        Assert.Equal(Rag.Red, agency.Rag);
        Assert.Equal(-150000m, agency.Gap);

        var arrs = Measure("arrs");
        Assert.Equal(["practice"], arrs.Expected);
        Assert.Equal(4m, arrs.Value);
        Assert.Equal(Rag.Red, arrs.Rag);
        Assert.Equal(-6m, arrs.Gap);
    }

    [Fact]
    public void A_measure_whose_only_partner_is_missing_is_grey_with_no_value()
    {
        var careVacancies = Measure("care-vacancies");

        Assert.Null(careVacancies.Value);
        Assert.Equal(Rag.Grey, careVacancies.Rag);
        Assert.Empty(careVacancies.Contributors);
        Assert.Equal(["care-home"], careVacancies.Expected);
        Assert.Equal([new TrendPoint(Testshire.Q1, 7m), new TrendPoint(Testshire.Q2, null)], careVacancies.Trend);
        Assert.Null(careVacancies.Change);
    }

    [Fact]
    public void Survey_measures_score_the_periods_responses_and_are_suppressed_below_the_minimum()
    {
        // Theme wellbeing: 7 of 12 Likert answers agree → 58.3%; target 60 with 5 points of amber.
        var feelingWell = Measure("wellbeing-score");
        Assert.Equal(58.3m, feelingWell.Value);
        Assert.Equal(Rag.Amber, feelingWell.Rag);
        Assert.Equal(-1.7m, feelingWell.Gap);
        Assert.False(feelingWell.IsSuppressed);
        Assert.Empty(feelingWell.Contributors);
        Assert.Empty(feelingWell.Expected);

        // Q1 had two responses, under the pulse's minimum of 5: no figure in the trend.
        Assert.Equal([new TrendPoint(Testshire.Q1, null), new TrendPoint(Testshire.Q2, 58.3m)], feelingWell.Trend);
        Assert.Null(feelingWell.Change);

        // 3 promoters, 2 detractors of 6 → 16.7; no target, so grey.
        var enps = Measure("enps");
        Assert.Equal(16.7m, enps.Value);
        Assert.Equal(Rag.Grey, enps.Rag);

        var carers = Measure("carer-support");
        Assert.True(carers.IsSuppressed);
        Assert.Null(carers.Value);
        Assert.Equal(Rag.Grey, carers.Rag);
    }

    [Fact]
    public void Overall_rag_follows_each_programmes_rule_with_ties_going_to_the_worse()
    {
        Assert.Equal(Rag.Red, Wellbeing.OverallRag);

        // Majority of green (apprentices) and red (ARRS): a tie, so red.
        Assert.Equal(Rag.Green, Measure("apprentices").Rag);
        Assert.Equal(11m, Measure("apprentices").Value);
        Assert.Equal(OverallRagRule.Majority, Growing.OverallRagRule);
        Assert.Equal(Rag.Red, Growing.OverallRag);
    }

    [Theory]
    [InlineData(OverallRagRule.WorstOfMeasures, new[] { Rag.Green, Rag.Amber, Rag.Grey }, Rag.Amber)]
    [InlineData(OverallRagRule.WorstOfMeasures, new[] { Rag.Green, Rag.Green }, Rag.Green)]
    [InlineData(OverallRagRule.WorstOfMeasures, new[] { Rag.Grey, Rag.Grey }, Rag.Grey)]
    [InlineData(OverallRagRule.WorstOfMeasures, new Rag[0], Rag.Grey)]
    [InlineData(OverallRagRule.Majority, new[] { Rag.Green, Rag.Green, Rag.Red }, Rag.Green)]
    [InlineData(OverallRagRule.Majority, new[] { Rag.Green, Rag.Amber }, Rag.Amber)]
    [InlineData(OverallRagRule.Majority, new[] { Rag.Red, Rag.Amber, Rag.Amber, Rag.Grey, Rag.Grey, Rag.Grey }, Rag.Amber)]
    [InlineData(OverallRagRule.Majority, new[] { Rag.Grey }, Rag.Grey)]
    public void Overall_rag_rules(OverallRagRule rule, Rag[] measures, Rag expected) =>
        Assert.Equal(expected, RollupCalculator.OverallRag(rule, measures));

    [Theory]
    [InlineData(Direction.HigherIsBetter, 10, false, 100, 100, Rag.Green, null)]
    [InlineData(Direction.HigherIsBetter, 10, false, 100, 90, Rag.Amber, -10.0)]
    [InlineData(Direction.HigherIsBetter, 10, false, 100, 89.99, Rag.Red, -10.01)]
    [InlineData(Direction.LowerIsBetter, 5, true, 200, 210, Rag.Amber, -10.0)]
    [InlineData(Direction.LowerIsBetter, 5, true, 200, 210.5, Rag.Red, -10.5)]
    [InlineData(Direction.LowerIsBetter, 0, false, 200, 150, Rag.Green, null)]
    [InlineData(Direction.LowerIsBetter, 0, false, 200, 200.01, Rag.Red, -0.01)]
    public void Rag_by_direction_and_tolerance(Direction direction, double tolerance, bool percent, double target, double value, Rag rag, double? gap)
    {
        var measure = new SuccessMeasure("m", "M", MeasureKind.Count, "x", direction, new Dictionary<Period, decimal>(), null, new AmberTolerance((decimal)tolerance, percent), []);

        var judged = RollupCalculator.Judge(measure, (decimal)value, (decimal)target);

        Assert.Equal(rag, judged.Rag);
        Assert.Equal((decimal?)gap, judged.Gap);
    }

    [Fact]
    public void Completeness_counts_expected_received_late_and_missing_partners()
    {
        Assert.Equal(new ReturnsCompleteness(5, 4, 3, 1, [new PartnerRef("care-home", "Elm Care Home")]) with { Missing = Rollup.Completeness.Missing }, Rollup.Completeness);
        Assert.Equal([new PartnerRef("care-home", "Elm Care Home")], Rollup.Completeness.Missing);
        Assert.Equal(80.0m, Rollup.Completeness.PercentReceived);
        Assert.Equal(5, Wellbeing.Completeness.Expected);
        Assert.Equal(1, Growing.Completeness.Late);
    }

    [Fact]
    public void A_partner_is_expected_by_a_programme_only_when_one_of_its_submitted_measures_applies()
    {
        var strategy = Testshire.Strategy with
        {
            Programmes = [Testshire.Strategy.Programmes[1] with { Measures = [.. Testshire.Strategy.Programmes[1].Measures.Where(m => m.Id is "arrs" or "carer-support")] }],
        };

        var rollup = RollupCalculator.Compute(strategy, 1, Testshire.Q2, Testshire.Inputs());

        Assert.Equal(1, rollup.Programmes[0].Completeness.Expected);
        Assert.Equal(1, rollup.Programmes[0].Completeness.Received);
        Assert.Equal(1, rollup.Completeness.Expected);
    }

    [Fact]
    public void The_late_resubmission_is_the_version_used_and_is_noted()
    {
        Assert.Equal(
            [new ReturnVersionUsed("big-trust", 2, true), new ReturnVersionUsed("council", 1, false), new ReturnVersionUsed("mh-trust", 1, false), new ReturnVersionUsed("practice", 1, false)],
            Rollup.ReturnsUsed);
        Assert.Contains("Big Acute Trust resubmitted after the due date (version 2); this rollup uses that version.", Wellbeing.DataQualityNotes);
    }

    [Fact]
    public void Data_quality_notes_are_plain_sentences_in_a_fixed_order()
    {
        Assert.Equal(
            [
                "1 of 5 expected partners have not sent a return for 2025-26-Q2: Elm Care Home.",
                "Big Acute Trust resubmitted after the due date (version 2); this rollup uses that version.",
                "Would recommend has no target for 2025-26-Q2.",
            ],
            Wellbeing.DataQualityNotes);
        Assert.Equal(
            [
                "1 of 5 expected partners have not sent a return for 2025-26-Q2: Elm Care Home.",
                "Big Acute Trust resubmitted after the due date (version 2); this rollup uses that version.",
                "Care vacancies is not rated: 0 of 1 expected partners reported it, fewer than half.",
                "Carers feel supported is hidden: fewer than 11 responses in 2025-26-Q2.",
                "Results of 'Carers check-in' are hidden: fewer than 11 responses in 2025-26-Q2.",
            ],
            Growing.DataQualityNotes);
    }

    [Fact]
    public void Fewer_than_half_the_expected_partners_is_grey_and_half_or_more_is_rated()
    {
        var two = Testshire.Returns().Where(r => r.Period == Testshire.Q2 && r.PartnerId is "big-trust" or "mh-trust").ToList();
        var three = Testshire.Returns().Where(r => r.Period == Testshire.Q2 && r.PartnerId is "big-trust" or "mh-trust" or "practice").ToList();

        var fromTwo = RollupCalculator.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(two, []));
        var fromThree = RollupCalculator.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(three, []));

        var sicknessFromTwo = fromTwo.Programmes[0].Measures[0];
        Assert.Equal(Rag.Grey, sicknessFromTwo.Rag);
        Assert.Equal(5.2222m, sicknessFromTwo.Value); // 4700 / 90000
        Assert.Contains("Sickness absence is not rated: 2 of 5 expected partners reported it, fewer than half.", fromTwo.Programmes[0].DataQualityNotes);
        Assert.Equal(Rag.Amber, fromThree.Programmes[0].Measures[0].Rag);
    }

    [Fact]
    public void Staff_voice_shows_each_programme_survey_with_responses_in_the_period_suppressed()
    {
        var pulse = Assert.Single(Wellbeing.StaffVoice);
        Assert.Equal("pulse", pulse.SurveyId);
        Assert.Equal("Wellbeing pulse", pulse.Title);
        Assert.Equal(6, pulse.Results.Overall.Scores!.ResponseCount);
        Assert.Equal(5, pulse.Results.MinimumGroupSize);

        // Three responses each: both trusts are under the minimum, so only the total shows.
        Assert.All(pulse.Results.Partners.Where(p => p.PartnerId is "big-trust" or "mh-trust"), p => Assert.False(p.IsShown));

        var carers = Assert.Single(Growing.StaffVoice);
        Assert.False(carers.Results.Overall.IsShown);
        Assert.Null(carers.Results.Overall.Scores);
    }

    [Fact]
    public void Narratives_come_from_the_expected_partners_latest_returns_without_empty_text()
    {
        Assert.Equal(
            [
                new PartnerNarrative("big-trust", "Big Acute Trust", 2, "Opened a staff hub.", "Recruit two health coaches.", "Winter pressures."),
                new PartnerNarrative("practice", "Small Practice", 1, null, null, "Losing a nurse."),
            ],
            Wellbeing.Narratives);
    }

    [Fact]
    public void Assurance_groups_summarise_the_rag_of_the_programmes_they_oversee()
    {
        Assert.Equal(["board", "swg", "quiet"], Rollup.AssuranceGroups.Select(g => g.AssuranceGroupId));
        var board = Rollup.AssuranceGroups[0];
        Assert.Equal(["growing"], board.ProgrammeIds);
        Assert.Equal((0, 0, 1, 0), (board.Green, board.Amber, board.Red, board.Grey));
        var swg = Rollup.AssuranceGroups[1];
        Assert.Equal(["wellbeing", "growing"], swg.ProgrammeIds);
        Assert.Equal(2, swg.Red);
        Assert.Empty(Rollup.AssuranceGroups[2].ProgrammeIds);
    }

    [Fact]
    public void The_rollup_names_the_partnership_period_and_strategy_version()
    {
        Assert.Equal("testshire", Rollup.PartnershipId);
        Assert.Equal("Testshire One Workforce", Rollup.PartnershipName);
        Assert.Equal(Testshire.Q2, Rollup.Period);
        Assert.Equal(3, Rollup.StrategyVersion);
        Assert.Equal(RollupFingerprint.Compute(Testshire.Strategy, 3, Testshire.Q2, Testshire.Inputs()), Rollup.InputFingerprint);
        Assert.False(Rollup.ContainsSampleData);
    }

    [Fact]
    public void The_first_period_has_a_trend_of_one_point_and_no_change()
    {
        var rollup = RollupCalculator.Compute(Testshire.Strategy, 1, Testshire.Q1, Testshire.Inputs());

        var sickness = rollup.Programmes[0].Measures[0];
        Assert.Equal([new TrendPoint(Testshire.Q1, 4.5112m)], sickness.Trend);
        Assert.Null(sickness.PreviousValue);
        Assert.Null(sickness.Change);
        Assert.Null(sickness.Target);
        Assert.Equal(Rag.Grey, sickness.Rag);
    }

    [Fact]
    public void The_trend_covers_at_most_eight_periods()
    {
        var last = Testshire.Q1.AddQuarters(9);
        var returns = Enumerable.Range(0, 10)
            .Select(i => Testshire.Return(Testshire.Q1.AddQuarters(i), "council", 1, new() { ["vacancies"] = Testshire.Count(i) }))
            .ToList();

        var rollup = RollupCalculator.Compute(Testshire.Strategy with { LastPeriod = last }, 1, last, new RollupInputs(returns, []));

        var trend = rollup.Programmes[0].Measures[1].Trend;
        Assert.Equal(8, trend.Count);
        Assert.Equal(Testshire.Q1.AddQuarters(2), trend[0].Period);
        Assert.Equal([2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m], trend.Select(p => p.Value!.Value));
    }

    [Fact]
    public void Sample_data_in_any_return_used_is_flagged()
    {
        var returns = Testshire.Returns().Append(
            Testshire.Return(Testshire.Q1, "practice", 1, new() { ["vacancies"] = Testshire.Count(3) }, submittedBy: QuarterlyReturn.SampleDataSubmitter)).ToList();

        Assert.True(RollupCalculator.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(returns, [])).ContainsSampleData);
    }

    [Fact]
    public void Values_of_partners_the_measure_does_not_apply_to_and_of_unknown_partners_are_ignored()
    {
        var returns = Testshire.Returns().Append(
            Testshire.Return(Testshire.Q2, "stranger", 1, new() { ["vacancies"] = Testshire.Count(1000) })).ToList();
        returns[8] = returns[8] with { Values = new Dictionary<string, MeasureValue>(returns[8].Values) { ["agency"] = Testshire.Amount(5) } };

        var rollup = RollupCalculator.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(returns, Testshire.Responses()));

        Assert.Equal(361m, rollup.Programmes[0].Measures[1].Value);
        Assert.Equal(1150000m, rollup.Programmes[0].Measures[3].Value);
        Assert.DoesNotContain(rollup.ReturnsUsed, used => used.PartnerId == "stranger");
    }

    [Fact]
    public void A_return_of_another_partnership_is_refused()
    {
        var returns = Testshire.Returns().Append(Testshire.Return(Testshire.Q2, "council", 1, []) with { PartnershipId = "elsewhere" }).ToList();

        Assert.Throws<ArgumentException>(() => RollupCalculator.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(returns, [])));
    }
}
