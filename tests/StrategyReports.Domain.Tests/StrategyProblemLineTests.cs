using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests;

/// <summary>Every problem names the line of the document it is on, in YAML and in JSON, so an admin can find it.</summary>
public class StrategyProblemLineTests
{
    private const string Yaml = """
        partnershipId: sample
        name: Sample partnership
        firstPeriod: 2025-26-Q1
        lastPeriod: 2026-27-Q4
        assuranceGroups:
          - {id: board, name: Locality Board}
        partners:
          - id: trust
            name: Acute Trust
            sector: acute
            headcount: 3000
          - id: practice
            name: GP Federation
            sector: not-a-sector
            headcount: 120
        programmes:
          - id: wellbeing
            name: Workforce Wellbeing
            assuranceGroups: [board]
            measures:
              - id: leaders-trained
                name: Leaders trained
                kind: count
                unit: leaders
                direction: sideways
                targets: {2025-26-Q1: 10}
        """;

    [Fact]
    public void A_yaml_problem_is_on_the_line_of_the_value_it_is_about()
    {
        var problems = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Problems;

        Assert.Equal(LineOf(Yaml, "sector: not-a-sector"), Single(problems, "partners[1].sector").Line);
        Assert.Equal(LineOf(Yaml, "direction: sideways"), Single(problems, "programmes[0].measures[0].direction").Line);
    }

    [Fact]
    public void A_missing_property_is_reported_on_the_line_of_what_should_hold_it()
    {
        var problems = StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Problems;

        // The programme has no lead: the problem is put where the programme starts.
        Assert.Equal(LineOf(Yaml, "- id: wellbeing"), Single(problems, "programmes[0].lead").Line);
    }

    [Fact]
    public void A_json_problem_is_on_the_line_of_the_value_it_is_about()
    {
        var json = MinimalStrategy.Json
            .Replace("\"sector\": \"primary-care\"", "\"sector\": \"not-a-sector\"", StringComparison.Ordinal)
            .Replace("\"overallRag\": \"majority\"", "\"overallRag\": \"loudest\"", StringComparison.Ordinal);

        var problems = StrategyDocument.Parse(json, StrategyFormat.Json).Problems;

        Assert.Equal(LineOf(json, "\"not-a-sector\""), Single(problems, "partners[1].sector").Line);
        Assert.Equal(LineOf(json, "\"loudest\""), Single(problems, "programmes[1].overallRag").Line);
    }

    [Fact]
    public void A_syntax_error_names_its_line_in_either_format()
    {
        var yaml = StrategyDocument.Parse("partnershipId: sample\nname: \"unclosed\nfirstPeriod: 2025-26-Q1\n", StrategyFormat.Yaml).Problems;
        var json = StrategyDocument.Parse("{\n  \"partnershipId\": \"sample\",\n  \"name\": \n}\n", StrategyFormat.Json).Problems;

        Assert.InRange(Assert.Single(yaml).Line ?? 0, 2, 4);
        Assert.Equal(4, Assert.Single(json).Line);
    }

    [Fact]
    public void An_unclosed_yaml_list_is_a_problem_not_a_crash()
    {
        var problem = Assert.Single(StrategyDocument.Parse("partnershipId: sample\nname: [unclosed\nfirstPeriod: 2025-26-Q1\n", StrategyFormat.Yaml).Problems);

        Assert.Equal(StrategyProblem.DocumentPath, problem.Path);
    }

    [Fact]
    public void Keys_with_dots_are_found_by_their_own_line()
    {
        var yaml = Yaml.Replace("targets: {2025-26-Q1: 10}", "targets:\n          2025-26-Q1: 10\n          2031-32-Q1: 12", StringComparison.Ordinal);

        var problems = StrategyDocument.Parse(yaml, StrategyFormat.Yaml).Problems;

        var target = Assert.Single(problems, p => p.Path.Contains("2031-32-Q1", StringComparison.Ordinal));
        Assert.Equal(LineOf(yaml, "2031-32-Q1: 12"), target.Line);
    }

    [Fact]
    public void Every_problem_of_a_document_that_was_read_has_a_line()
    {
        Assert.All(StrategyDocument.Parse(Yaml, StrategyFormat.Yaml).Problems, p => Assert.NotNull(p.Line));
    }

    private static StrategyProblem Single(IReadOnlyList<StrategyProblem> problems, string path) =>
        Assert.Single(problems, p => p.Path == path);

    private static int LineOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the document");
        return text[..index].Count(c => c == '\n') + 1;
    }
}
