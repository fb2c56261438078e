using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Samples.Tests;

public class SampleStrategiesTests
{
    [Fact]
    public void The_large_document_passes_the_validation_a_published_document_does()
    {
        var result = StrategyDocument.Parse(SampleStrategies.LargeDocument().ToJsonString(), StrategyFormat.Json);

        Assert.Empty(result.Problems);
        Assert.Equal(result.Strategy, SampleStrategies.Large());
    }

    [Fact]
    public void The_large_strategy_survives_its_canonical_json()
    {
        var json = StrategyDocument.ToCanonicalJson(Samples.Large);

        var reread = StrategyDocument.Parse(json, StrategyFormat.Json);

        Assert.Empty(reread.Problems);
        Assert.Equal(Samples.Large, reread.Strategy);
    }

    [Fact]
    public void The_large_strategy_has_200_partners_40_measures_and_8_quarters()
    {
        var large = Samples.Large;

        Assert.Equal(200, large.Partners.Count);
        Assert.Equal(200, large.Partners.Select(partner => partner.Id).Distinct().Count());
        Assert.Equal(200, large.Partners.Select(partner => partner.Name).Distinct().Count());
        Assert.Equal(40, large.Measures.Count());
        Assert.Equal(8, large.Periods.Count());
        Assert.Equal(SampleStrategies.DefaultFirstPeriod, large.FirstPeriod);
    }

    [Fact]
    public void The_large_strategy_mixes_sectors_sizes_and_measure_kinds()
    {
        var large = Samples.Large;
        var measures = large.Measures.ToList();

        Assert.True(large.Partners.Select(partner => partner.Sector).Distinct().Count() >= 10);
        Assert.Contains(large.Partners, partner => partner.Sector == Sector.Acute && partner.Headcount >= 3000);
        Assert.Contains(large.Partners, partner => partner.Sector == Sector.CareProvider && partner.Headcount <= 40);
        Assert.All(Enum.GetValues<MeasureKind>(), kind => Assert.Contains(measures, measure => measure.Kind == kind));
        Assert.Contains(measures, measure => measure.Kind == MeasureKind.Ratio && measure.IsProportion);
        Assert.Contains(measures, measure => measure.Kind == MeasureKind.Ratio && !measure.IsProportion);
        Assert.Contains(measures, measure => measure.AppliesToSectors.Count > 0);
        Assert.Contains(measures, measure => measure.Trajectory is not null);
        Assert.All(measures.Where(measure => measure.Kind != MeasureKind.Survey), measure =>
            Assert.NotNull(measure.TargetFor(large.LastPeriod)));
        Assert.Equal(
            [SurveyScore.PercentPositive, SurveyScore.ThemeScore, SurveyScore.Enps],
            measures.Where(measure => measure.Survey is not null).Select(measure => measure.Survey!.Score).Distinct().Order());
    }

    [Fact]
    public void The_large_strategy_has_several_programmes_assurance_groups_and_surveys()
    {
        var large = Samples.Large;

        Assert.Equal(8, large.Programmes.Count);
        Assert.All(large.Programmes, programme => Assert.Equal(5, programme.Measures.Count));
        Assert.Equal(5, large.AssuranceGroups.Count);
        Assert.All(large.AssuranceGroups.Where(group => group.Id != "locality-board"), group => Assert.NotEmpty(large.ProgrammesOverseenBy(group.Id)));
        Assert.Equal(2, large.Surveys.Count);
        Assert.All(large.Surveys, survey =>
        {
            Assert.Equal(large.FirstPeriod.FirstDay, survey.Opens);
            Assert.Equal(large.LastPeriod.LastDay, survey.Closes);
        });
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 7, 2)]
    [InlineData(25, 60, 12)]
    public void Other_sizes_validate_too(int partners, int measures, int quarters)
    {
        var first = Period.Parse("2030-31-Q3");

        var strategy = SampleStrategies.Large(partners, measures, first, quarters);

        Assert.Equal(partners, strategy.Partners.Count);
        Assert.Equal(measures, strategy.Measures.Count());
        Assert.Equal(first, strategy.FirstPeriod);
        Assert.Equal(first.AddQuarters(quarters - 1), strategy.LastPeriod);
        Assert.Equal(measures, strategy.Measures.Select(measure => measure.Id).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_strategy_and_another_seed_other_sizes()
    {
        Assert.Equal(SampleStrategies.Large(seed: 5), SampleStrategies.Large(seed: 5));
        Assert.NotEqual(
            SampleStrategies.Large(seed: 5).Partners.Select(partner => partner.Headcount),
            SampleStrategies.Large(seed: 6).Partners.Select(partner => partner.Headcount));
    }
}
