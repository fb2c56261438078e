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
    public void A_report_page_renders_to_an_a4_png_with_ink_on_it(string report, int page)
    {
        var rollup = Reports.Rollup();
        var pack = ReportBuilder.Pack(rollup, Reports.Bury, "swg", Reports.ComputedAt);
        var highlight = ReportBuilder.Highlight(rollup, Reports.Bury, "workforce-wellbeing", Reports.ComputedAt);
        var pdf = report == "pack" ? ReportRenderer.Pdf(pack) : ReportRenderer.Pdf(highlight);

        // The web page beside it, to open in a browser and compare.
        File.WriteAllBytes(Path.Combine(Folder, $"{report}.html"), report == "pack" ? Reports.Renderer.Html(pack) : Reports.Renderer.Html(highlight));

        var png = File.ReadAllBytes(Poppler.PagePng(pdf, page, Path.Combine(Folder, $"{report}-page-{page}.png")));

        // A4 at 60 dpi is 496 × 702 pixels (pdftoppm rounds the width up).
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.InRange(width, 496, 497);
        Assert.Equal(702, height);
        Assert.True(png.Length > 10_000, $"{png.Length} bytes: the page looks empty");
    }
}
