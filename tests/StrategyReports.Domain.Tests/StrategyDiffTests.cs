using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests;

public class StrategyDiffTests
{
    private static readonly Strategy Current = StrategyDocument.Parse(MinimalStrategy.Json, StrategyFormat.Json).Strategy!;

    [Fact]
    public void The_same_strategy_changes_nothing()
    {
        Assert.True(StrategyDiff.Compare(Current, Current).IsEmpty);
    }

    [Fact]
    public void The_same_strategy_written_differently_changes_nothing()
    {
        var compact = StrategyDocument.Parse(StrategyDocument.ToCanonicalJson(Current), StrategyFormat.Json).Strategy!;

        Assert.Empty(StrategyDiff.Compare(Current, compact).Changes);
    }

    [Fact]
    public void A_first_version_adds_every_part()
    {
        var diff = StrategyDiff.Compare(null, Current);

        Assert.All(diff.Changes, c => Assert.Equal(StrategyChangeKind.Added, c.Kind));
        Assert.Equal(["trust", "practice"], diff.Changes.Where(c => c.Part == "partner").Select(c => c.Id));
        Assert.Equal(6, diff.Changes.Count(c => c.Part == "measure"));
        Assert.DoesNotContain(diff.Changes, c => c.Part == "strategy");
    }

    [Fact]
    public void Partners_added_removed_and_changed_are_each_named()
    {
        var next = Current with
        {
            Partners =
            [
                Current.Partners[0] with { Headcount = 3200 },
                new Partner("hospice", "St Ann's Hospice", Sector.Hospice, 400),
            ],
        };

        var changes = StrategyDiff.Compare(Current, next).Changes;

        var changed = Assert.Single(changes, c => c.Kind == StrategyChangeKind.Changed);
        Assert.Equal(("partner", "trust"), (changed.Part, changed.Id));
        Assert.Equal(new FieldChange("headcount", "3000", "3200"), Assert.Single(changed.Fields));
        Assert.Equal("hospice", Assert.Single(changes, c => c.Kind == StrategyChangeKind.Added).Id);
        var removed = Assert.Single(changes, c => c.Kind == StrategyChangeKind.Removed);
        Assert.Equal(("partner", "practice", "GP Federation"), (removed.Part, removed.Id, removed.Name));
    }

    [Fact]
    public void A_measure_given_a_question_shows_the_question_as_its_change()
    {
        var document = MinimalStrategy.Document();
        document.Measure(0, 0)["question"] = "How many of your leaders were trained this quarter?";
        var asked = MinimalStrategy.Parse(document).Strategy!;

        var change = Assert.Single(StrategyDiff.Compare(Current, asked).Changes);

        Assert.Equal(("measure", "leaders-trained"), (change.Part, change.Id));
        Assert.Equal([new FieldChange("question", null, "How many of your leaders were trained this quarter?")], change.Fields);
    }

    [Fact]
    public void A_measure_whose_target_and_programme_change_lists_both_fields()
    {
        var yaml = MinimalStrategy.Json
            .Replace("\"targets\": { \"2025-26-Q1\": 10, \"2025-26-Q2\": 12 }", "\"targets\": { \"2025-26-Q1\": 10, \"2025-26-Q2\": 14 }", StringComparison.Ordinal);
        var retargeted = StrategyDocument.Parse(yaml, StrategyFormat.Json).Strategy!;
        var leaders = retargeted.Programmes[0].Measures[0];
        var moved = retargeted with
        {
            Programmes =
            [
                retargeted.Programmes[0] with { Measures = [.. retargeted.Programmes[0].Measures.Skip(1)] },
                retargeted.Programmes[1] with { Measures = [.. retargeted.Programmes[1].Measures, leaders] },
            ],
        };

        var change = Assert.Single(StrategyDiff.Compare(Current, moved).Changes);

        Assert.Equal(("measure", "leaders-trained", StrategyChangeKind.Changed), (change.Part, change.Id, change.Kind));
        Assert.Equal(
            [new FieldChange("programme", "wellbeing", "growing"), new FieldChange("targets", "2025-26-Q1: 10, 2025-26-Q2: 12", "2025-26-Q1: 10, 2025-26-Q2: 14")],
            change.Fields);
    }

    [Fact]
    public void Programmes_and_measures_removed_are_listed_as_removed()
    {
        var next = Current with { Programmes = [Current.Programmes[0]] };

        var changes = StrategyDiff.Compare(Current, next).Changes;

        Assert.Equal(
            [("programme", "growing", StrategyChangeKind.Removed), ("measure", "arrs-vacancies", StrategyChangeKind.Removed)],
            changes.Select(c => (c.Part, c.Id, c.Kind)));
    }

    [Fact]
    public void A_renamed_strategy_and_a_new_lead_are_changes_to_the_settings_and_the_programme()
    {
        var next = Current with
        {
            Name = "Renamed",
            Programmes = [Current.Programmes[0] with { Lead = "New lead" }, Current.Programmes[1]],
        };

        var changes = StrategyDiff.Compare(Current, next).Changes;

        Assert.Equal(new FieldChange("name", "Sample partnership", "Renamed"), Assert.Single(Assert.Single(changes, c => c.Part == "strategy").Fields));
        Assert.Equal(new FieldChange("lead", "Wellbeing lead", "New lead"), Assert.Single(Assert.Single(changes, c => c.Part == "programme").Fields));
    }
}
