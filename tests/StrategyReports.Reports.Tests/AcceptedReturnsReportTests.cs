using StrategyReports.Domain.Rollups;
using StrategyReports.Reports;
using StrategyReports.TestSupport;

namespace StrategyReports.Reports.Tests;

/// <summary>Highlight reports and board packs say how many of the returns received a lead has accepted, in HTML and PDF.</summary>
public class AcceptedReturnsReportTests
{
    [Fact]
    public void A_highlight_report_says_how_many_returns_were_accepted_in_html_and_pdf()
    {
        var rollup = WithAccepted(Reports.Rollup(), 2);
        var report = ReportBuilder.Highlight(rollup, Reports.Bury, "workforce-wellbeing", Reports.ComputedAt);
        var received = rollup.Programmes.Single(p => p.ProgrammeId == "workforce-wellbeing").Completeness.Received;
        var expected = $"2 of {received} returns accepted.";

        Assert.Contains(expected, Reports.Html(report), StringComparison.Ordinal);
        Assert.Contains(expected, Poppler.FlowText(ReportRenderer.Pdf(report)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_board_pack_line_says_how_many_returns_were_accepted_in_html_and_pdf()
    {
        var pack = ReportBuilder.Pack(WithAccepted(Reports.Rollup(), 1), Reports.Bury, "swg", Reports.ComputedAt);

        Assert.Contains("returns, 1 accepted", Reports.Html(pack), StringComparison.Ordinal);
        Assert.Contains("returns, 1 accepted", Poppler.FlowText(ReportRenderer.Pdf(pack)), StringComparison.Ordinal);
    }

    private static PartnershipRollup WithAccepted(PartnershipRollup rollup, int accepted) => rollup with
    {
        Programmes = [.. rollup.Programmes.Select(p => p with { Completeness = p.Completeness with { Accepted = Math.Min(accepted, p.Completeness.Received) } })],
    };
}
