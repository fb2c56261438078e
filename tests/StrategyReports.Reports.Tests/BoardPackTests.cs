using System.Text.RegularExpressions;
using StrategyReports.TestSupport;

namespace StrategyReports.Reports.Tests;

public sealed class BoardPackTests
{
    private static BoardPack Swg() => ReportBuilder.Pack(Reports.Rollup(), Reports.Bury, "swg", Reports.ComputedAt);

    [Fact]
    public void The_cover_lists_every_overseen_programme_with_its_rating_then_each_programme_follows_in_full()
    {
        var pack = Swg();
        var pages = Poppler.PageTexts(ReportRenderer.Pdf(pack)).Select(HighlightReportTests.Normalise).ToList();

        var overseen = Reports.Bury.ProgrammesOverseenBy("swg");
        Assert.Equal(overseen.Select(p => p.Id), pack.Lines.Select(l => l.ProgrammeId));
        Assert.Contains("Strategic Workforce Group board pack", pages[0], StringComparison.Ordinal);
        Assert.Contains(pack.Summary, pages[0], StringComparison.Ordinal);
        foreach (var line in pack.Lines)
        {
            Assert.Contains(line.OverallRag.Label, pages[0], StringComparison.Ordinal);
            Assert.Contains(line.Measures, pages[0], StringComparison.Ordinal);
        }

        // Each programme starts a new page, with its name in the header of each of its pages.
        foreach (var programme in overseen)
        {
            Assert.Contains(pages.Skip(1), page => page.Contains(programme.Name, StringComparison.Ordinal) && page.Contains("Success measures", StringComparison.Ordinal));
        }

        Assert.All(pages.Select((page, i) => (page, i)), p => Assert.Contains($"Page {p.i + 1} of {pages.Count}", p.page, StringComparison.Ordinal));
    }

    [Fact]
    public void The_html_is_one_standalone_page_with_one_h1_and_a_section_per_programme()
    {
        var pack = Swg();
        var html = Reports.Html(pack);

        Assert.Single(Regex.Matches(html, "<h1[ >]"));
        Assert.Contains("<html lang=\"en-GB\">", html, StringComparison.Ordinal);
        Assert.Equal(pack.Programmes.Count, Regex.Matches(html, "<section class=\"programme\"").Count);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_renders_are_byte_identical()
    {
        Assert.Equal(Reports.Renderer.Html(Swg()), Reports.Renderer.Html(Swg()));
        Assert.Equal(ReportRenderer.Pdf(Swg()), ReportRenderer.Pdf(Swg()));
    }
}
