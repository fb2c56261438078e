using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests;

public class StrategyDocumentTests
{
    private const string Yaml = """
        partnershipId: sample
        name: Sample partnership
        firstPeriod: 2025-26-Q1
        lastPeriod: 2026-27-Q4
        assuranceGroups:
          - {id: board, name: Locality Board}
          - {id: swg, name: Strategic Workforce Group, reportsTo: board}
        partners:
          - {id: trust, name: Acute Trust, sector: acute, headcount: 3000}
          - {id: practice, name: GP Federation, sector: primary-care, headcount: 120}
        programmes:
          - id: wellbeing
            name: Workforce Wellbeing
            lead: Wellbeing lead
            assuranceGroups: [swg]
            measures:
              - {id: leaders-trained, name: Leaders trained, kind: count, unit: leaders, direction: higher-is-better, amberTolerance: 10%, targets: {2025-26-Q1: 10, 2025-26-Q2: 12}}
              - id: sickness
                name: Sickness absence
                kind: ratio
                unit: "%"
                direction: lower-is-better
                numeratorLabel: Days lost
                denominatorLabel: Days available
                isProportion: true
                amberTolerance: 0.5
                baseline: {period: 2025-26-Q1, value: 6}
                trajectory: {period: 2026-27-Q4, value: 5}
              - {id: edi-strategy, name: EDI strategy in place, kind: yes-no, unit: "% of partners", direction: higher-is-better, targets: {2025-26-Q4: 100}}
              - id: wellbeing-score
                name: Wellbeing
                kind: survey
                unit: "% positive"
                direction: higher-is-better
                survey: {surveyId: pulse, theme: wellbeing, score: percent-positive}
              - {id: agency-spend, name: Agency spend, kind: amount, unit: "£", direction: lower-is-better, appliesTo: [acute], targets: {2025-26-Q1: 25000.50}}
          - id: growing
            name: Growing our workforce
            lead: Growing lead
            assuranceGroups: [swg, board]
            overallRag: majority
            measures:
              - {id: arrs-vacancies, name: ARRS vacancies, kind: count, unit: vacancies, direction: lower-is-better, appliesTo: [primary-care]}
        surveys:
          - id: pulse
            title: Wellbeing pulse
            programme: wellbeing
            opens: 2025-10-01
            closes: 2025-10-31
            minimumGroupSize: 11
            questions:
              - {id: supported, kind: likert5, text: I feel supported, theme: wellbeing}
              - {id: recommend, kind: scale0to10, text: Would you recommend us?}
              - {id: role, kind: single-choice, text: Your role, options: [Clinical, Non-clinical]}
              - {id: comment, kind: text, text: Anything else?, required: false, maxLength: 500}
        """;

    [Fact]
    public void Yaml_and_json_of_the_same_strategy_give_equal_strategies()
    {
        var fromYaml = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml);
        var fromJson = StrategyDocument.Parse(MinimalStrategy.Json, StrategyFormat.Json);

        Assert.Empty(fromYaml.Problems);
        Assert.Equal(fromJson.Strategy, fromYaml.Strategy);
        Assert.Equal(StrategyDocument.ToCanonicalJson(fromJson.Strategy!), StrategyDocument.ToCanonicalJson(fromYaml.Strategy!));
    }

    [Fact]
    public void Equal_strategies_differ_once_anything_in_them_differs()
    {
        var strategy = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Strategy!;
        var changed = StrategyDocument.Parse(Yaml.Replace("targets: {2025-26-Q1: 10, 2025-26-Q2: 12}", "targets: {2025-26-Q1: 10, 2025-26-Q2: 13}", StringComparison.Ordinal), StrategyFormat.Yaml).Strategy!;

        Assert.NotEqual(strategy, changed);
        Assert.NotEqual(StrategyDocument.ToCanonicalJson(strategy), StrategyDocument.ToCanonicalJson(changed));
    }

    [Fact]
    public void The_fingerprint_follows_the_content_not_the_format()
    {
        var fromYaml = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Strategy!;
        var fromJson = StrategyDocument.Parse(MinimalStrategy.Json, StrategyFormat.Json).Strategy!;
        var renamed = fromJson with { Name = "Renamed partnership" };

        Assert.Matches("^sha256:[0-9a-f]{16}$", StrategyDocument.Fingerprint(fromYaml));
        Assert.Equal(StrategyDocument.Fingerprint(fromYaml), StrategyDocument.Fingerprint(fromJson));
        Assert.NotEqual(StrategyDocument.Fingerprint(fromJson), StrategyDocument.Fingerprint(renamed));
    }

    [Fact]
    public void Canonical_json_is_camel_case_in_a_fixed_order_with_defaults_written_out()
    {
        var json = StrategyDocument.ToCanonicalJson(StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Strategy!);

        Assert.StartsWith("{\n  \"partnershipId\": \"sample\",\n  \"name\": \"Sample partnership\",\n  \"firstPeriod\": \"2025-26-Q1\",", json, StringComparison.Ordinal);
        Assert.Contains("\"opensDaysAfterQuarterEnd\": -14", json, StringComparison.Ordinal);
        Assert.Contains("\"overallRag\": \"worst-of-measures\"", json, StringComparison.Ordinal);
        Assert.Contains("\"amberTolerance\": \"10%\"", json, StringComparison.Ordinal);
        Assert.Contains("\"unit\": \"£\"", json, StringComparison.Ordinal);
        Assert.True(json.IndexOf("\"assuranceGroups\"", StringComparison.Ordinal) < json.IndexOf("\"partners\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_apply_when_the_document_leaves_them_out()
    {
        var strategy = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Strategy!;

        Assert.Equal(ReportingCalendar.Default, strategy.Calendar);
        Assert.Equal(OverallRagRule.WorstOfMeasures, strategy.Programmes[0].OverallRagRule);
        Assert.Equal(OverallRagRule.Majority, strategy.Programmes[1].OverallRagRule);
        Assert.Equal(AmberTolerance.None, strategy.FindMeasure("edi-strategy")!.AmberTolerance);
        Assert.True(strategy.FindSurvey("pulse")!.Questions[0].Required);
        Assert.False(strategy.FindSurvey("pulse")!.Questions[3].Required);
    }

    [Theory]
    [InlineData("application/json", "anything", StrategyFormat.Json)]
    [InlineData("application/json; charset=utf-8", "", StrategyFormat.Json)]
    [InlineData("application/strategy+json", "", StrategyFormat.Json)]
    [InlineData("application/yaml", "{\"a\": 1}", StrategyFormat.Yaml)]
    [InlineData("application/x-yaml", "", StrategyFormat.Yaml)]
    [InlineData("text/yaml", "", StrategyFormat.Yaml)]
    [InlineData("TEXT/X-YAML; charset=utf-8", "", StrategyFormat.Yaml)]
    [InlineData(null, "  \n {\"partnershipId\": \"bury\"}", StrategyFormat.Json)]
    [InlineData("text/plain", "partnershipId: bury", StrategyFormat.Yaml)]
    [InlineData(null, "# a comment\npartnershipId: bury", StrategyFormat.Yaml)]
    public void The_format_comes_from_the_content_type_else_the_first_character(string? contentType, string text, StrategyFormat expected)
    {
        Assert.Equal(expected, StrategyDocument.DetectFormat(contentType, text));
    }

    [Fact]
    public void A_trajectory_interpolates_targets_between_baseline_and_goal()
    {
        var sickness = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Strategy!.FindMeasure("sickness")!;

        Assert.Null(sickness.TargetFor(Period.Parse("2025-26-Q1")));
        Assert.Equal(5.8571m, sickness.TargetFor(Period.Parse("2025-26-Q2")));
        Assert.Equal(5.4286m, sickness.TargetFor(Period.Parse("2026-27-Q1")));
        Assert.Equal(5m, sickness.TargetFor(Period.Parse("2026-27-Q4")));
        Assert.Equal(5m, sickness.TargetFor(Period.Parse("2027-28-Q1")));
        Assert.Null(sickness.TargetFor(Period.Parse("2024-25-Q4")));
    }

    [Fact]
    public void Declared_targets_apply_only_to_their_periods()
    {
        var leaders = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Strategy!.FindMeasure("leaders-trained")!;

        Assert.Equal(10m, leaders.TargetFor(Period.Parse("2025-26-Q1")));
        Assert.Equal(12m, leaders.TargetFor(Period.Parse("2025-26-Q2")));
        Assert.Null(leaders.TargetFor(Period.Parse("2025-26-Q3")));
    }

    [Fact]
    public void A_ratio_in_percent_is_the_quotient_of_the_sums_times_100()
    {
        var strategy = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Strategy!;
        var sickness = strategy.FindMeasure("sickness")!;

        Assert.Equal(5m, sickness.RatioValue(10m + 20m, 200m + 400m));
        Assert.Null(sickness.RatioValue(3m, 0m));
        Assert.Equal(1.5m, (sickness with { Unit = "days per person" }).RatioValue(3m, 2m));
    }

    [Fact]
    public void Amber_tolerance_is_absolute_or_a_percentage_of_the_target()
    {
        Assert.Equal(1.2m, new AmberTolerance(10m, IsPercentOfTarget: true).AllowanceFor(12m));
        Assert.Equal(0.5m, new AmberTolerance(0.5m, IsPercentOfTarget: false).AllowanceFor(12m));
        Assert.Equal("10%", new AmberTolerance(10m, IsPercentOfTarget: true).ToString());
    }

    [Fact]
    public void A_yaml_key_given_twice_is_a_problem()
    {
        var result = StrategyDocument.Parse(Yaml.Replace("name: Sample partnership", "name: Sample\nname: Sample partnership", StringComparison.Ordinal), StrategyFormat.Yaml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, problem => problem.Path is "name" or StrategyProblem.DocumentPath);
    }

    [Fact]
    public void Quoted_yaml_numbers_are_text_and_plain_ones_are_numbers()
    {
        var result = StrategyDocument.Parse(Yaml.Replace("headcount: 3000", "headcount: \"3000\"", StringComparison.Ordinal), StrategyFormat.Yaml);

        Assert.Contains(new StrategyProblem("partners[0].headcount", "expected a number"), result.Problems);
    }
}
