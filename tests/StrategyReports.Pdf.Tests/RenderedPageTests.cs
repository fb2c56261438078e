using StrategyReports.TestSupport;

namespace StrategyReports.Pdf.Tests;

/// <summary>A page shaped like a highlight report, rendered to pixels and read back as text.</summary>
public sealed class RenderedPageTests
{
    internal static void HighlightPage(Column page)
    {
        page.Add(new Heading("Leadership and Culture: highlight report"));
        page.Add(new Row()
            .Fixed(90, new Text("Overall rating", TextStyle.Default.AsBold()))
            .Relative(new Chip("Amber", Rgb.RagAmber, Rgb.Text)));
        page.Add(new Heading("Success measures", 2));
        var table = new Table(ColumnWidth.Relative(3), ColumnWidth.Fixed(55), ColumnWidth.Fixed(55), ColumnWidth.Fixed(95), ColumnWidth.Fixed(150))
            .Header("Measure", new TableCell("Actual") { Alignment = TextAlignment.Right }, new TableCell("Target") { Alignment = TextAlignment.Right }, "RAG", "Trend");
        table.AddRow("Leaders completing the inclusive leadership programme", new TableCell("42") { Alignment = TextAlignment.Right }, new TableCell("60") { Alignment = TextAlignment.Right }, new Chip("Red", Rgb.RagRed, Rgb.White), new Sparkline([12, 20, null, 35, 42]) { Target = 60 });
        table.AddRow("Staff sickness absence rate (%)", new TableCell("4.1") { Alignment = TextAlignment.Right }, new TableCell("4.5") { Alignment = TextAlignment.Right }, new Chip("Green", Rgb.RagGreen, Rgb.White), new Sparkline([5.2, 4.9, 4.6, 4.1]) { Target = 4.5, ValueFormat = "0.0" });
        table.AddRow("Roles spanning organisations", new TableCell("7") { Alignment = TextAlignment.Right }, new TableCell("—") { Alignment = TextAlignment.Right }, new Chip("Grey — no target", Rgb.DarkGrey, Rgb.White), new Sparkline([7]));
        table.AddRow("Volunteers recruited", new TableCell("no returns") { Alignment = TextAlignment.Right }, new TableCell("120") { Alignment = TextAlignment.Right }, new Chip("Amber", Rgb.RagAmber, Rgb.Text), new Sparkline([null, null]));
        page.Add(table);
        page.Add(new Heading("Achievements", 2));
        page.Add(new Text("Forty-two leaders from five partner organisations completed the programme this quarter. " +
            "The hospice and two care providers joined the cohort for the first time.\nThe reverse-mentoring pilot starts in July."));
    }

    [Fact]
    public void First_page_renders_to_a_png_that_is_not_blank_and_shows_the_rag_colours()
    {
        var pdf = TestDocument.Render(HighlightPage);

        // The PNG is kept in the temp folder so a person can look at the page after a run.
        var png = Png.Decode(Poppler.FirstPagePng(pdf, Path.Combine(Path.GetTempPath(), "strategyreports-pdf-page1.png")));

        // A4 at 60 dpi.
        Assert.InRange(png.Width, 495, 497);
        Assert.InRange(png.Height, 701, 703);
        var pixels = png.Pixels().ToList();
        var inked = pixels.Count(p => p.R < 200 || p.G < 200 || p.B < 200);
        Assert.True(inked > pixels.Count / 100, $"only {inked} of {pixels.Count} pixels carry ink");
        Assert.Contains(pixels, p => Near(p, Rgb.RagGreen));
        Assert.Contains(pixels, p => Near(p, Rgb.RagAmber));
        Assert.Contains(pixels, p => Near(p, Rgb.RagRed));
    }

    [Fact]
    public void Every_rag_chip_carries_its_label_as_text()
    {
        var pdf = TestDocument.Render(HighlightPage);

        var text = Poppler.AllText(pdf);

        Assert.Contains("Overall rating", text, StringComparison.Ordinal);
        Assert.Contains("Amber", text, StringComparison.Ordinal);
        Assert.Contains("Red", text, StringComparison.Ordinal);
        Assert.Contains("Green", text, StringComparison.Ordinal);
        Assert.Contains("Grey — no target", text, StringComparison.Ordinal);
        Assert.Contains("The reverse-mentoring pilot starts in July.", text, StringComparison.Ordinal);
    }

    private static bool Near((byte R, byte G, byte B) pixel, Rgb colour) =>
        Math.Abs(pixel.R - colour.Red) < 12 && Math.Abs(pixel.G - colour.Green) < 12 && Math.Abs(pixel.B - colour.Blue) < 12;
}
