using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;

namespace StrategyReports.Samples.Tests;

public class SampleHighlightsTests
{
    [Fact]
    public void The_demo_has_one_escalated_risk_one_slipping_milestone_and_one_highlight_not_yet_submitted()
    {
        var strategy = Samples.Bury;
        var latest = Period.Parse("2026-27-Q2");

        var set = SampleHighlights.ForDemo(strategy, latest, DateTimeOffset.UnixEpoch);
        var assurance = strategy.Programmes.Select(p => ProgrammeAssurance.Build(strategy, p, latest, set.Highlights, set.Risks, set.Milestones)).ToList();

        Assert.Equal(SampleHighlights.EscalatedRisk, Assert.Single(assurance.SelectMany(a => a.EscalatedRisks)).Risk.Details.Description);
        Assert.Equal(SampleHighlights.SlippingMilestone, Assert.Single(assurance.SelectMany(a => a.SlippingMilestones)).Name);
        Assert.Single(assurance, a => a.SignOff.State == SignOffState.DraftOnly);
        Assert.Contains("locality-board", strategy.GroupsAbove(strategy.Programmes[0]));
        var again = SampleHighlights.ForDemo(strategy, latest, DateTimeOffset.UnixEpoch);
        Assert.Equal(set.Risks, again.Risks);
        Assert.Equal(set.Milestones, again.Milestones);
    }
}
