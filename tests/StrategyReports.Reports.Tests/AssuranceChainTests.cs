using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Strategies;
using StrategyReports.TestSupport;

namespace StrategyReports.Reports.Tests;

/// <summary>
/// Bury rearranged into a deeper chain: Workforce Wellbeing reports to a wellbeing delivery group, which
/// reports to the Strategic Workforce Group, which reports to the Locality Board; an audit group also
/// reports to the Board, and a People Board stands apart, overseeing Good Employment with the SWG.
/// </summary>
public sealed class AssuranceChainTests
{
    private const string Escalated = "Wellbeing hub funding ends in March";
    private const string Flagged = "Occupational health contract under review";
    private const string Quiet = "Low take-up of wellbeing conversations";
    private const string Closed = "Counselling waiting list";

    public static readonly Strategy Chain = Rearranged();

    [Fact]
    public void Every_group_has_a_pack_and_an_escalated_risk_rises_through_every_group_above_its_programme_and_no_other()
    {
        var (rollup, assurance) = Inputs();
        var packs = Chain.AssuranceGroups.ToDictionary(g => g.Id, g => Reports.Html(ReportBuilder.Pack(rollup, Chain, g.Id, Reports.ComputedAt, assurance)));

        Assert.Equal(["locality-board", "swg", "wellbeing-delivery", "audit", "people-board"], packs.Keys);
        foreach (var up in new[] { "wellbeing-delivery", "swg", "locality-board" })
        {
            Assert.Contains(Escalated, packs[up], StringComparison.Ordinal);
            Assert.Contains(Flagged, packs[up], StringComparison.Ordinal);
        }

        foreach (var elsewhere in new[] { "audit", "people-board" })
        {
            Assert.DoesNotContain(Escalated, packs[elsewhere], StringComparison.Ordinal);
            Assert.DoesNotContain(Flagged, packs[elsewhere], StringComparison.Ordinal);
        }

        // Risks that are not escalated stay in the programme's own highlight, in the pack of the group it reports to only.
        Assert.Contains(Quiet, packs["wellbeing-delivery"], StringComparison.Ordinal);
        Assert.All(packs.Where(p => p.Key != "wellbeing-delivery"), p => Assert.DoesNotContain(Quiet, p.Value, StringComparison.Ordinal));
        Assert.All(packs.Where(p => p.Key != "wellbeing-delivery"), p => Assert.DoesNotContain(Closed, p.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(Escalated, Reports.Html(ReportBuilder.Highlight(rollup, Chain, "good-employment", Reports.ComputedAt, assurance)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_that_others_report_to_summarises_each_of_them_to_any_depth_without_their_full_highlights()
    {
        var (rollup, assurance) = Inputs();

        var board = ReportBuilder.Pack(rollup, Chain, "locality-board", Reports.ComputedAt, assurance);

        Assert.Empty(board.Programmes);
        Assert.Equal([("swg", 1), ("wellbeing-delivery", 2), ("audit", 1)], board.ReportingGroups.Select(g => (g.AssuranceGroupId, g.Depth)));
        var delivery = board.ReportingGroups[1];
        Assert.Equal("Reports through Strategic Workforce Group.", delivery.ReportsThrough);
        Assert.Equal([Escalated, Flagged], delivery.EscalatedRisks.Select(r => r.Risk.Description));
        Assert.Contains("Escalated: score 16 is at least 15", delivery.EscalatedRisks[0].Risk.Escalation, StringComparison.Ordinal);
        Assert.Equal("Escalated by the programme lead", delivery.EscalatedRisks[1].Risk.Escalation);
        Assert.Equal("Agree bridging funding for the hubs", Assert.Single(delivery.Decisions).Text);
        // The lead's own milestone and the one bury.yaml declares for the programme, both due in Q1 and not complete.
        Assert.Equal(["Wellbeing conversation training offered to every partner", "Wellbeing hubs open"], delivery.Slippage.Select(s => s.Milestone).Order(StringComparer.Ordinal));
        Assert.All(delivery.Slippage, s => Assert.Equal("Red: overdue", s.Rag.Label));
        Assert.Contains("0 of 1 programme highlights submitted; not yet: Workforce Wellbeing (draft, not yet submitted)", delivery.Summary, StringComparison.Ordinal);
        Assert.All(board.ReportingGroups[0].RedMeasures, m => Assert.NotEmpty(m.Gap));
        Assert.NotEmpty(board.ReportingGroups.SelectMany(g => g.RedMeasures));

        var html = Reports.Html(board);
        Assert.DoesNotContain("Success measures of", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Overall commentary", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_highlight_report_leads_with_the_lead_and_partners_become_the_evidence()
    {
        var (rollup, assurance) = Inputs();

        var html = Reports.Html(ReportBuilder.Highlight(rollup, Chain, "workforce-wellbeing", Reports.ComputedAt, assurance));

        var lead = html.IndexOf("Programme lead's highlight", StringComparison.Ordinal);
        var measures = html.IndexOf("Success measures</h2>", StringComparison.Ordinal);
        var evidence = html.IndexOf("Evidence from partners", StringComparison.Ordinal);
        Assert.True(lead >= 0 && lead < measures && measures < evidence, "lead's highlight, then measures, then partners' evidence");
        Assert.Contains("Draft:</strong> not yet submitted", html, StringComparison.Ordinal);
        Assert.Contains("Escalated: score 16 is at least 15", html, StringComparison.Ordinal);
        Assert.Contains("Red: overdue", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pack_shows_which_highlights_are_submitted_and_which_are_not_yet()
    {
        var (rollup, assurance) = Inputs();

        var swg = ReportBuilder.Pack(rollup, Chain, "swg", Reports.ComputedAt, assurance);

        Assert.Equal("Submitted", swg.Lines.Single(l => l.ProgrammeId == "good-employment").SignOff);
        Assert.Equal("Not started", swg.Lines.Single(l => l.ProgrammeId == "workforce-integration").SignOff);
        Assert.StartsWith("1 of 5 programme highlights submitted; not yet: Workforce Integration (not started)", swg.SignOff, StringComparison.Ordinal);
    }

    internal static (Domain.Rollups.PartnershipRollup Rollup, IReadOnlyList<ProgrammeAssurance> Assurance) Inputs()
    {
        var rollup = SampleRollups.Build(Chain, Reports.Period);
        var q1 = Reports.Period.Previous();
        RiskEntry Risk(string id, int version, Domain.Periods.Period period, string text, int likelihood, int consequence, RiskStatus status = RiskStatus.Open, bool flag = false) =>
            new("bury", "workforce-wellbeing", id, version, period, new RiskDetails(text, "Wellbeing lead", likelihood, consequence, "Bid to the ICB", status, flag), "lead", Reports.ComputedAt);
        var risks = new[]
        {
            Risk("risk-1", 1, q1, Escalated, 3, 4), Risk("risk-1", 2, Reports.Period, Escalated, 4, 4),
            Risk("risk-2", 1, Reports.Period, Flagged, 2, 3, flag: true),
            Risk("risk-3", 1, Reports.Period, Quiet, 2, 2),
            Risk("risk-4", 1, q1, Closed, 5, 4), Risk("risk-4", 2, Reports.Period, Closed, 5, 4, RiskStatus.Closed),
        };
        var milestones = new[]
        {
            new MilestoneEntry("bury", "workforce-wellbeing", "milestone-1", 1, q1, new MilestoneDetails("Wellbeing hubs open", q1, "Estates", MilestoneStatus.OnTrack), "lead", Reports.ComputedAt),
        };
        LeadHighlight Highlight(string programme, HighlightStatus status, string decisions) =>
            new("bury", Reports.Period, programme, 1, status, new HighlightText("Commentary on " + programme, "Achieved", "Plans", decisions), "lead", Reports.ComputedAt);
        var highlights = new[]
        {
            Highlight("workforce-wellbeing", HighlightStatus.Draft, "Agree bridging funding for the hubs"),
            Highlight("good-employment", HighlightStatus.Submitted, "Note the charter sign-ups"),
        };
        return (rollup, [.. Chain.Programmes.Select(p => ProgrammeAssurance.Build(Chain, p, Reports.Period, highlights, risks, milestones))]);
    }

    private static Strategy Rearranged()
    {
        var bury = Reports.Bury;
        return bury with
        {
            AssuranceGroups = new ValueList<AssuranceGroup>(
            [
                new("locality-board", "Bury Locality Board"),
                new("swg", "Strategic Workforce Group", "locality-board"),
                new("wellbeing-delivery", "Workforce Wellbeing delivery group", "swg"),
                new("audit", "Audit and assurance committee", "locality-board"),
                new("people-board", "People Board"),
            ]),
            Programmes = new ValueList<Programme>(bury.Programmes.Select(p => p.Id switch
            {
                "workforce-wellbeing" => p with { AssuranceGroupIds = new ValueList<string>(["wellbeing-delivery"]) },
                "good-employment" => p with { AssuranceGroupIds = new ValueList<string>(["swg", "people-board"]) },
                _ => p,
            })),
        };
    }
}
