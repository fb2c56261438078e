using System.Globalization;
using StrategyReports.TestSupport;

namespace StrategyReports.Pdf.Tests;

public sealed class PageTests
{
    [Fact]
    public void Every_page_carries_the_header_and_a_footer_saying_page_x_of_y()
    {
        var pdf = TestDocument.Render(page =>
        {
            for (var i = 1; i <= 3; i++)
            {
                page.Add(new Text($"Section {i}"));
                page.Add(new PageBreak());
            }
        });

        var pages = Poppler.PageTexts(pdf);

        Assert.Equal(3, pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains(TestDocument.Partnership, pages[i], StringComparison.Ordinal);
            Assert.Contains(TestDocument.Programme, pages[i], StringComparison.Ordinal);
            Assert.Contains(TestDocument.Period, pages[i], StringComparison.Ordinal);
            Assert.Contains($"Page {i + 1} of 3", pages[i], StringComparison.Ordinal);
            Assert.Contains($"Section {i + 1}", pages[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Page_break_at_the_top_of_a_page_adds_no_blank_page()
    {
        var pdf = TestDocument.Render(page =>
        {
            page.Add(new PageBreak());
            page.Add(new Text("First"));
            page.Add(new PageBreak());
            page.Add(new PageBreak());
            page.Add(new Text("Second"));
        });

        var pages = Poppler.PageTexts(pdf);

        Assert.Equal(2, pages.Count);
        Assert.Contains("First", pages[0], StringComparison.Ordinal);
        Assert.Contains("Second", pages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Page_sequences_start_on_new_pages_and_share_the_page_count()
    {
        var pdf = PdfRenderer.Render(new BoardPack());

        var pages = Poppler.PageTexts(pdf);
        var info = Poppler.Info(pdf);

        Assert.Equal(2, pages.Count);
        Assert.Contains("Programme A", pages[0], StringComparison.Ordinal);
        Assert.Contains("Sheet 1 of 2", pages[0], StringComparison.Ordinal);
        Assert.Contains("Programme B", pages[1], StringComparison.Ordinal);
        Assert.Contains("Sheet 2 of 2", pages[1], StringComparison.Ordinal);
        Assert.StartsWith("841.89 x 595.276 pts", info["Page size"], StringComparison.Ordinal);
    }

    [Fact]
    public void Content_taller_than_a_page_is_placed_rather_than_looping()
    {
        var pdf = TestDocument.Render(page => page.Add(new Row().Relative(new Text(string.Join('\n', Enumerable.Range(1, 120).Select(i => i.ToString(CultureInfo.InvariantCulture)))))));

        Assert.Equal(1, Poppler.PageCount(pdf));
    }

    [Fact]
    public void Rendering_to_a_stream_writes_the_same_bytes()
    {
        var document = new TestDocument(page => page.Add(new Text("Streamed")));
        using var stream = new MemoryStream();

        PdfRenderer.Render(document, stream);

        Assert.Equal(PdfRenderer.Render(document), stream.ToArray());
    }

    [Fact]
    public void Document_with_no_pages_is_refused_with_a_reason()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PdfRenderer.Render(new NoPages()));

        Assert.Contains("no pages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_adds_a_web_link_over_its_content()
    {
        var pdf = TestDocument.Render(page => page.Add(new Link(new Text("Online report"), new Uri("https://example.org/reports/2025-26-Q1"))));

        using var read = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var annotation = Assert.Single(read.Pages[0].Annotations.Cast<PdfSharp.Pdf.Annotations.PdfAnnotation>());
        var action = annotation.Elements.GetDictionary("/A");

        Assert.Equal("/Link", annotation.Elements.GetName("/Subtype"));
        Assert.Equal("https://example.org/reports/2025-26-Q1", action!.Elements.GetString("/URI"));
        Assert.Contains("Online report", Poppler.AllText(pdf), StringComparison.Ordinal);

        // The link sits over the first line of content, just below the header, in PDF space (origin bottom-left).
        var area = annotation.Rectangle;
        Assert.InRange(area.Y2, 740, 790);
        Assert.InRange(area.Y2 - area.Y1, 10, 16);
    }

    [Fact]
    public void Concurrent_renders_give_the_same_bytes()
    {
        var expected = TestDocument.Render(RenderedPageTests.HighlightPage);

        var renders = Enumerable.Range(0, 4).AsParallel().Select(_ => TestDocument.Render(RenderedPageTests.HighlightPage)).ToList();

        Assert.All(renders, render => Assert.Equal(expected, render));
    }

    private sealed class NoPages : IDocument
    {
        public DocumentMetadata Metadata { get; } = new("Empty");

        public void Compose(DocumentContainer container)
        {
        }
    }

    private sealed class BoardPack : IDocument
    {
        public DocumentMetadata Metadata { get; } = new("Board pack");

        public void Compose(DocumentContainer container)
        {
            foreach (var programme in new[] { "Programme A", "Programme B" })
            {
                container.Page(page =>
                {
                    page.Size = PageSize.A4.Landscape;
                    page.Footer = new PageNumber("Sheet {0} of {1}", alignment: TextAlignment.Center);
                    page.Content = new Text(programme);
                });
            }
        }
    }
}
