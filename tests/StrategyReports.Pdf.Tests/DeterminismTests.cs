using System.Text;
using StrategyReports.TestSupport;

namespace StrategyReports.Pdf.Tests;

/// <summary>Reports are stored with a checksum, so the same report must give the same bytes every time.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Two_renders_of_the_same_document_are_byte_identical()
    {
        var first = TestDocument.Render(RenderedPageTests.HighlightPage);
        var second = TestDocument.Render(RenderedPageTests.HighlightPage);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Document_without_a_date_is_still_byte_identical_and_carries_no_clock_reading()
    {
        var metadata = new DocumentMetadata("Undated");

        var first = TestDocument.Render(RenderedPageTests.HighlightPage, metadata);
        var second = TestDocument.Render(RenderedPageTests.HighlightPage, metadata);

        Assert.Equal(first, second);
        var info = Poppler.Info(first);
        Assert.False(info.ContainsKey("CreationDate"));
        Assert.False(info.ContainsKey("ModDate"));
    }

    [Fact]
    public void Document_id_is_derived_from_the_content()
    {
        var one = TestDocument.Render(c => c.Add(new Text("One")));
        var other = TestDocument.Render(c => c.Add(new Text("Other")));

        var id = TrailerId(one);
        Assert.Matches("^<[0-9A-F]{32}><[0-9A-F]{32}>$", id);
        Assert.NotEqual(id, TrailerId(other));
    }

    private static string TrailerId(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var start = text.LastIndexOf("/ID[", StringComparison.Ordinal) + 4;
        return text[start..text.IndexOf(']', start)];
    }
}
