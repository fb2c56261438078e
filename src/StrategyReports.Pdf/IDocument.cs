namespace StrategyReports.Pdf;

/// <summary>A document to render: its metadata and the pages it composes.</summary>
public interface IDocument
{
    DocumentMetadata Metadata { get; }

    void Compose(DocumentContainer container);
}

/// <summary>Collects the page sequences of a document; each sequence starts on a new page.</summary>
public sealed class DocumentContainer
{
    private readonly List<PageDescriptor> _sequences = [];

    internal IReadOnlyList<PageDescriptor> Sequences => _sequences;

    /// <summary>Adds a sequence of pages sharing size, margins, header and footer; its content flows across as many pages as it needs.</summary>
    public DocumentContainer Page(Action<PageDescriptor> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var page = new PageDescriptor();
        configure(page);
        _sequences.Add(page);
        return this;
    }
}

/// <summary>
/// Size, margins, header, footer and content of a sequence of pages. The header and footer are laid
/// out again on every page, so a <see cref="PageNumber"/> in them shows that page's number.
/// </summary>
public sealed class PageDescriptor
{
    public PageSize Size { get; set; } = PageSize.A4;

    public Edges Margin { get; set; } = Edges.FromMillimetres(15);

    public Element? Header { get; set; }

    public Element? Footer { get; set; }

    /// <summary>Gap in points between the header and the content, and between the content and the footer.</summary>
    public double BandSpacing { get; set; } = 10;

    public Element Content { get; set; } = new Column();
}
