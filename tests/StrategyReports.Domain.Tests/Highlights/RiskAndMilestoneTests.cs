using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;

namespace StrategyReports.Domain.Tests.Highlights;

public class RiskAndMilestoneTests
{
    private static readonly Period Q2 = Period.Parse("2026-27-Q2");

    [Theory]
    [InlineData(1, 1, 1, RiskBand.Low)]
    [InlineData(1, 3, 3, RiskBand.Low)]
    [InlineData(2, 2, 4, RiskBand.Moderate)]
    [InlineData(2, 3, 6, RiskBand.Moderate)]
    [InlineData(2, 4, 8, RiskBand.High)]
    [InlineData(3, 4, 12, RiskBand.High)]
    [InlineData(3, 5, 15, RiskBand.Extreme)]
    [InlineData(4, 4, 16, RiskBand.Extreme)]
    [InlineData(5, 5, 25, RiskBand.Extreme)]
    public void Scores_are_likelihood_times_consequence_banded_as_the_NHS_matrix(int likelihood, int consequence, int score, RiskBand band)
    {
        Assert.Equal(score, RiskScale.Score(likelihood, consequence));
        Assert.Equal(band, RiskScale.Band(score));
    }

    [Fact]
    public void Every_possible_score_falls_in_a_band_and_bands_never_go_down_as_scores_rise()
    {
        var scores = from l in Enumerable.Range(1, 5) from c in Enumerable.Range(1, 5) select RiskScale.Score(l, c);
        var ordered = scores.Distinct().Order().Select(RiskScale.Band).ToList();

        Assert.Equal(ordered.Order(), ordered);
        Assert.DoesNotContain(7, scores);
    }

    [Fact]
    public void A_rating_off_the_scale_is_refused_by_name()
    {
        var errors = RiskRules.Check(new RiskDetails("", "Lead", 0, 6, null, RiskStatus.Open, false));

        Assert.Equal(["description", "likelihood", "consequence"], errors.Select(e => e.Field));
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskScale.Score(6, 1));
    }

    [Theory]
    [InlineData(3, 5, false, RiskStatus.Open, 15, true)]
    [InlineData(3, 4, false, RiskStatus.Open, 15, false)]
    [InlineData(3, 4, true, RiskStatus.Open, 15, true)]
    [InlineData(3, 4, false, RiskStatus.Open, 12, true)]
    [InlineData(5, 5, true, RiskStatus.Closed, 15, false)]
    public void A_risk_is_escalated_at_the_threshold_or_when_flagged_while_it_is_open(int likelihood, int consequence, bool flagged, RiskStatus status, int threshold, bool escalated) =>
        Assert.Equal(escalated, Risk("r", 1, Q2, likelihood, consequence, status, flagged).IsEscalated(threshold));

    [Theory]
    [InlineData("2026-27-Q3", MilestoneStatus.NotStarted, Rag.Green, "on track")]
    [InlineData("2026-27-Q3", MilestoneStatus.AtRisk, Rag.Amber, "at risk")]
    [InlineData("2026-27-Q2", MilestoneStatus.OnTrack, Rag.Amber, "due this quarter")]
    [InlineData("2026-27-Q1", MilestoneStatus.OnTrack, Rag.Red, "overdue")]
    [InlineData("2026-27-Q1", MilestoneStatus.Complete, Rag.Green, "complete")]
    [InlineData("2026-27-Q2", MilestoneStatus.Complete, Rag.Green, "complete")]
    public void Milestones_are_rated_from_their_dates(string due, MilestoneStatus status, Rag rag, string label)
    {
        var (actual, text) = MilestoneRules.Judge(Period.Parse(due), status, Q2);

        Assert.Equal(rag, actual);
        Assert.Contains(label, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_submitted_highlight_needs_its_commentary_and_a_draft_does_not()
    {
        var text = new HighlightText(" ", "Done things", null, null);

        Assert.Empty(HighlightRules.Check(text, HighlightStatus.Draft));
        Assert.Equal("commentary", Assert.Single(HighlightRules.Check(text, HighlightStatus.Submitted)).Field);
        Assert.Equal("achievements", Assert.Single(HighlightRules.Check(text with { Commentary = "Fine", Achievements = new string('x', 4001) }, HighlightStatus.Draft)).Field);
    }

    [Fact]
    public void The_report_shows_the_latest_submission_even_when_a_later_draft_exists()
    {
        var versions = new[] { Highlight(1, HighlightStatus.Draft), Highlight(2, HighlightStatus.Submitted), Highlight(3, HighlightStatus.Draft) };

        var signOff = HighlightSignOff.From(versions);

        Assert.Equal(SignOffState.Submitted, signOff.State);
        Assert.Equal(2, signOff.Highlight!.Version);
        Assert.True(signOff.HasLaterDraft);
        Assert.Equal(SignOffState.DraftOnly, HighlightSignOff.From(versions[..1]).State);
        Assert.Equal(SignOffState.NotStarted, HighlightSignOff.From([]).State);
    }

    internal static RiskEntry Risk(string id, int version, Period period, int likelihood, int consequence, RiskStatus status = RiskStatus.Open, bool flagged = false, string programme = "wellbeing") =>
        new("sample", programme, id, version, period, new RiskDetails($"Risk {id}", "Owner", likelihood, consequence, "Mitigate", status, flagged), "lead", DateTimeOffset.UnixEpoch);

    internal static LeadHighlight Highlight(int version, HighlightStatus status, string programme = "wellbeing") =>
        new("sample", Q2, programme, version, status, new HighlightText($"Commentary v{version}", null, null, "Agree funding"), "lead", DateTimeOffset.UnixEpoch);
}
