using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Domain.Tests;

/// <summary>The two example strategies in <c>strategies/</c>, written from the seeds.</summary>
public class ExampleStrategyTests
{
    private static readonly Lazy<Strategy> Bury = new(() => Load("bury.yaml"));
    private static readonly Lazy<Strategy> Wakefield = new(() => Load("wakefield.yaml"));

    [Theory]
    [InlineData("bury.yaml")]
    [InlineData("wakefield.yaml")]
    public void The_example_has_no_problems(string file)
    {
        var result = StrategyDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("strategies", file)), StrategyFormat.Yaml);

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("bury.yaml")]
    [InlineData("wakefield.yaml")]
    public void The_canonical_json_parses_back_to_an_equal_strategy_and_the_same_text(string file)
    {
        var strategy = Load(file);
        var json = StrategyDocument.ToCanonicalJson(strategy);

        var reread = StrategyDocument.Parse(json, StrategyFormat.Json);

        Assert.Empty(reread.Problems);
        Assert.Equal(strategy, reread.Strategy);
        Assert.Equal(json, StrategyDocument.ToCanonicalJson(reread.Strategy!));
    }

    [Fact]
    public void Bury_has_its_six_programme_delivery_groups_reporting_through_the_strategic_workforce_group()
    {
        var bury = Bury.Value;

        Assert.Equal("bury", bury.PartnershipId);
        Assert.Equal(
            ["workforce-integration", "good-employment", "workforce-wellbeing", "addressing-inequalities", "growing-our-workforce", "developing-our-workforce"],
            bury.Programmes.Select(programme => programme.Id));
        Assert.All(bury.Programmes, programme => Assert.Contains("swg", programme.AssuranceGroupIds));
        Assert.Equal("locality-board", bury.FindAssuranceGroup("swg")!.ReportsTo);
        Assert.Equal(6, bury.ProgrammesOverseenBy("swg").Count);
        Assert.Equal(Period.Parse("2025-26-Q1"), bury.FirstPeriod);
        Assert.Equal(Period.Parse("2026-27-Q4"), bury.LastPeriod);
        Assert.Contains("illustrative", bury.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Bury_asks_every_submitted_measure_as_a_question_for_one_organisation()
    {
        var submitted = Bury.Value.Programmes.SelectMany(programme => programme.Measures).Where(measure => measure.IsSubmitted).ToList();

        Assert.NotEmpty(submitted);
        Assert.All(submitted, measure =>
        {
            Assert.EndsWith("?", measure.Question, StringComparison.Ordinal);
            Assert.Contains("your", measure.Question, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void Bury_names_the_partners_in_the_seed()
    {
        var names = string.Join("|", Bury.Value.Partners.Select(partner => partner.Name));

        foreach (var partner in new[] { "Northern Care Alliance", "Pennine Care", "Persona", "GP Federation", "Hospice", "Voluntary, Community and Faith Alliance", "Adult Social Care" })
        {
            Assert.Contains(partner, names, StringComparison.Ordinal);
        }

        Assert.All(Bury.Value.Partners, partner => Assert.True(partner.Headcount > 0));
    }

    [Fact]
    public void Bury_has_measures_of_every_kind_and_sector_limited_ones()
    {
        var measures = Bury.Value.Measures.ToList();

        Assert.Equal(Enum.GetValues<MeasureKind>().Order(), measures.Select(measure => measure.Kind).Distinct().Order());
        Assert.Contains(measures, measure => measure.AppliesToSectors.SequenceEqual([Sector.PrimaryCare]));
        Assert.Contains(measures, measure => measure.Trajectory is not null);
        Assert.All(measures.Where(measure => measure.Kind == MeasureKind.Ratio), measure =>
        {
            Assert.NotNull(measure.NumeratorLabel);
            Assert.NotNull(measure.DenominatorLabel);
        });
        Assert.All(Bury.Value.Periods, period => Assert.Contains(measures, measure => measure.TargetFor(period) is not null));
    }

    [Fact]
    public void Bury_has_a_wellbeing_pulse_and_a_new_starter_survey()
    {
        var wellbeing = Bury.Value.FindSurvey("wellbeing-pulse")!;
        var newStarter = Bury.Value.FindSurvey("new-starter")!;

        Assert.Equal("workforce-wellbeing", wellbeing.ProgrammeId);
        Assert.Contains(wellbeing.Questions, question => question.Kind == QuestionKind.Likert5);
        Assert.Contains(wellbeing.Questions, question => question.Kind == QuestionKind.Scale0To10);
        Assert.Contains(wellbeing.Questions, question => question.Kind == QuestionKind.Text);
        Assert.Equal(Suppression.DefaultMinimumGroupSize, wellbeing.MinimumGroupSize);
        Assert.Equal("workforce-integration", newStarter.ProgrammeId);
        Assert.Contains(Bury.Value.Measures, measure => measure.Survey is { Score: SurveyScore.Enps, SurveyId: "wellbeing-pulse" });
    }

    [Fact]
    public void A_partner_returns_only_the_measures_for_its_sector()
    {
        var bury = Bury.Value;
        var gpFederation = bury.FindPartner("gp-federation")!;
        var nca = bury.FindPartner("nca")!;

        Assert.Contains(bury.MeasuresFor(gpFederation), measure => measure.Id == "arrs-vacancies");
        Assert.DoesNotContain(bury.MeasuresFor(nca), measure => measure.Id == "arrs-vacancies");
        Assert.Contains(bury.MeasuresFor(nca), measure => measure.Id == "bank-agency-spend");
        Assert.DoesNotContain(bury.MeasuresFor(nca), measure => measure.Kind == MeasureKind.Survey);
        Assert.Equal(["gp-federation"], bury.PartnersReporting(bury.FindMeasure("arrs-vacancies")!).Select(partner => partner.Id));
        Assert.Equal("growing-our-workforce", bury.ProgrammeOf("arrs-vacancies")!.Id);
    }

    [Fact]
    public void Wakefield_has_its_six_pillars_reporting_to_the_people_board()
    {
        var wakefield = Wakefield.Value;

        Assert.Equal("wakefield", wakefield.PartnershipId);
        Assert.Equal(6, wakefield.Programmes.Count);
        Assert.All(wakefield.Programmes, programme => Assert.Equal(["people-board"], programme.AssuranceGroupIds));
        Assert.Equal("wdhcp", wakefield.FindAssuranceGroup("people-board")!.ReportsTo);
        Assert.Contains(wakefield.Partners, partner => partner.Sector == Sector.Ambulance);
        Assert.NotEqual(ReportingCalendar.Default, wakefield.Calendar);
        Assert.Contains("illustrative", wakefield.Description, StringComparison.Ordinal);
    }

    private static Strategy Load(string file)
    {
        var result = StrategyDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("strategies", file)), StrategyFormat.Yaml);
        return result.Strategy ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Problems));
    }
}
