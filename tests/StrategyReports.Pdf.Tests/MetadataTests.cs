using PdfSharp.Pdf.IO;
using StrategyReports.TestSupport;

namespace StrategyReports.Pdf.Tests;

public sealed class MetadataTests
{
    private static readonly DocumentMetadata Metadata = new("Leadership and Culture — highlight report 2025-26 Q1")
    {
        Author = "Bury One Workforce Partnership",
        Subject = "Quarterly highlight report for the Strategic Workforce Group",
        Keywords = "One Workforce; highlight report; 2025-26-Q1",
        Creator = "StrategyReports 1.0",
        Language = "en-GB",
        Date = new DateTimeOffset(2025, 7, 15, 9, 30, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Title_author_subject_keywords_creator_and_dates_are_written()
    {
        var info = Poppler.Info(TestDocument.Render(page => page.Add(new Text("Body")), Metadata));

        Assert.Equal(Metadata.Title, info["Title"]);
        Assert.Equal(Metadata.Author, info["Author"]);
        Assert.Equal(Metadata.Subject, info["Subject"]);
        Assert.Equal(Metadata.Keywords, info["Keywords"]);
        Assert.Equal(Metadata.Creator, info["Creator"]);
        Assert.Equal("Tue Jul 15 09:30:00 2025 UTC", info["CreationDate"]);
        Assert.Equal("Tue Jul 15 09:30:00 2025 UTC", info["ModDate"]);
        Assert.StartsWith("595.276 x 841.89 pts (A4)", info["Page size"], StringComparison.Ordinal);
    }

    [Fact]
    public void Language_is_set_in_the_catalog_and_readers_are_asked_to_show_the_title()
    {
        var pdf = TestDocument.Render(page => page.Add(new Text("Body")), Metadata with { Language = "cy-GB" });

        using var read = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);

        Assert.Equal("cy-GB", read.Internals.Catalog.Elements.GetString("/Lang"));
        Assert.True(read.Internals.Catalog.Elements.GetDictionary("/ViewerPreferences")!.Elements.GetBoolean("/DisplayDocTitle"));
    }

    [Fact]
    public void Fonts_are_embedded_subsets_with_a_real_bold_face()
    {
        var fonts = Poppler.Fonts(TestDocument.Render(RenderedPageTests.HighlightPage));

        var rows = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Matches(@"^[A-Z]{6}\+Segoe WP.*CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", row));
        Assert.Contains(rows, row => row.Contains("Segoe WP,Bold", StringComparison.Ordinal));
    }
}
