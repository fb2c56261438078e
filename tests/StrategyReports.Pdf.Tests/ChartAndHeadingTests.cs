using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using StrategyReports.TestSupport;

namespace StrategyReports.Pdf.Tests;

public sealed class ChartAndHeadingTests
{
    [Fact]
    public void Sparkline_labels_the_scale_and_the_latest_value()
    {
        var text = Poppler.AllText(TestDocument.Render(page => page.Add(new Sparkline([3, null, 8, 5.5]) { Target = 10, ValueFormat = "0.0" })));

        Assert.Contains("10.0", text, StringComparison.Ordinal);
        Assert.Contains("3.0", text, StringComparison.Ordinal);
        Assert.Contains("5.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparkline_with_a_single_point_or_no_values_still_renders()
    {
        var text = Poppler.AllText(TestDocument.Render(page =>
        {
            page.Add(new Sparkline([42]));
            page.Add(new Sparkline([null, null]));
            page.Add(new Sparkline([]));
        }));

        Assert.Contains("42", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("No data").Length - 1);
    }

    [Theory]
    [InlineData(new[] { 1.0, 5.0, 3.0 }, 1.0, 5.0)]
    [InlineData(new[] { 4.0, 4.0 }, 3.6, 4.4)]
    [InlineData(new[] { 0.0 }, -1.0, 1.0)]
    public void Sparkline_scale_spans_the_values_and_opens_up_a_flat_series(double[] values, double low, double high)
    {
        var scale = Sparkline.Scale(values);

        Assert.Equal(low, scale.Low, 9);
        Assert.Equal(high, scale.High, 9);
    }

    [Fact]
    public void Headings_become_nested_bookmarks()
    {
        var pdf = TestDocument.Render(page =>
        {
            page.Add(new Heading("Leadership and Culture"));
            page.Add(new Heading("Success measures", 2));
            page.Add(new Heading("Staff voice", 2));
            page.Add(new PageBreak());
            page.Add(new Heading("Appendix"));
        });

        using var read = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);

        var top = read.Outlines.Cast<PdfOutline>().ToList();
        Assert.Equal(["Leadership and Culture", "Appendix"], top.Select(o => o.Title));
        Assert.Equal(["Success measures", "Staff voice"], top[0].Outlines.Cast<PdfOutline>().Select(o => o.Title));
        Assert.Equal("/UseOutlines", read.Internals.Catalog.Elements.GetName("/PageMode"));
    }

    [Fact]
    public void Heading_at_the_foot_of_a_page_moves_on_with_the_content_it_introduces()
    {
        var pdf = TestDocument.Render(page =>
        {
            // Fill the page to within a heading's height of the bottom, leaving no room for the table.
            page.Add(new Spacer(655));
            page.Add(new Heading("Returns completeness", 2));
            page.Add(new Table(ColumnWidth.Relative()).Header("Partner").AddRow("Bury Council adult social care"));
        });

        var pages = Poppler.PageTexts(pdf);

        Assert.Equal(2, pages.Count);
        Assert.DoesNotContain("Returns completeness", pages[0], StringComparison.Ordinal);
        Assert.Contains("Returns completeness", pages[1], StringComparison.Ordinal);
        Assert.Contains("Bury Council adult social care", pages[1], StringComparison.Ordinal);
    }
}
