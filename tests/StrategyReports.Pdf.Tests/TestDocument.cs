namespace StrategyReports.Pdf.Tests;

/// <summary>A document composed by a delegate, with the header and footer a highlight report would carry.</summary>
internal sealed class TestDocument(Action<Column> content, DocumentMetadata? metadata = null) : IDocument
{
    public const string Partnership = "Bury One Workforce Partnership";
    public const string Programme = "Leadership and Culture";
    public const string Period = "2025-26 Q1 (April to June 2025)";

    public DocumentMetadata Metadata { get; } = metadata ?? new DocumentMetadata("Highlight report")
    {
        Author = Partnership,
        Date = new DateTimeOffset(2025, 7, 15, 9, 0, 0, TimeSpan.Zero),
    };

    public static byte[] Render(Action<Column> content, DocumentMetadata? metadata = null) =>
        PdfRenderer.Render(new TestDocument(content, metadata));

    public void Compose(DocumentContainer container) => container.Page(page =>
    {
        page.Header = new Box(new Row()
            .Relative(new Column(2)
            {
                new Text(Partnership, TextStyle.Default.WithSize(8).WithColor(Rgb.DarkGrey)),
                new Text(Programme, TextStyle.Default.WithSize(11).AsBold()),
            }, 3)
            .Relative(new Text(Period, TextStyle.Default.WithSize(8), TextAlignment.Right), 2))
        {
            Padding = new Edges(0, 0, 4, 0),
            Border = Sides.Bottom,
        };
        page.Footer = new Row()
            .Relative(new Text($"{Partnership} · {Period}", TextStyle.Default.WithSize(7.5)), 3)
            .Relative(new PageNumber("Page {0} of {1}", TextStyle.Default.WithSize(7.5), TextAlignment.Right));
        var column = new Column(8);
        content(column);
        page.Content = column;
    });
}
