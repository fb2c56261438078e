using StrategyReports.TestSupport;

namespace StrategyReports.Reports.Tests;

/// <summary>
/// Renders a page of each report to PNG the way a reviewer looks at them (pdftoppm at 60 dpi). The
/// images are kept in the temp folder's <c>strategyreports-report-pages</c> so a person can look.
/// </summary>
public sealed class PageImageTests
{
    private static readonly string Folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "strategyreports-report-pages")).FullName;

    [Theory]
    [InlineData("highlight", 1)]
    [InlineData("highlight", 2)]
    [InlineData("pack", 1)]
    [InlineData("pack", 2)]
    [InlineData("board", 1)]
    public void A_report_page_renders_to_an_a4_png_with_ink_on_it(string report, int page)
    {
        // The lead's highlight, risks and milestones of the assurance chain, and a group that others report to.
        var (rollup, assurance) = AssuranceChainTests.Inputs();
        var pack = ReportBuilder.Pack(rollup, AssuranceChainTests.Chain, report == "board" ? "locality-board" : "swg", Reports.ComputedAt, assurance);
        var highlight = ReportBuilder.Highlight(rollup, AssuranceChainTests.Chain, "workforce-wellbeing", Reports.ComputedAt, assurance);
        var pdf = report == "highlight" ? ReportRenderer.Pdf(highlight) : ReportRenderer.Pdf(pack);

        // The web page beside it, to open in a browser and compare.
        File.WriteAllBytes(Path.Combine(Folder, $"{report}.html"), report == "highlight" ? Reports.Renderer.Html(highlight) : Reports.Renderer.Html(pack));

        var png = File.ReadAllBytes(Poppler.PagePng(pdf, page, Path.Combine(Folder, $"{report}-page-{page}.png")));

        // A4 at 60 dpi is 496 × 702 pixels (pdftoppm rounds the width up).
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.InRange(width, 496, 497);
        Assert.Equal(702, height);
        Assert.True(png.Length > 10_000, $"{png.Length} bytes: the page looks empty");
    }
}
