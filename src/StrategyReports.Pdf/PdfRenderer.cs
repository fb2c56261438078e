using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// Lays out an <see cref="IDocument"/> and writes it as PDF. The same document gives the same bytes:
/// dates come from <see cref="DocumentMetadata.Date"/> and the document ID from a hash of the output.
/// </summary>
public static class PdfRenderer
{
    // Stands in for the document ID (16 bytes, written as hex) until the bytes it is derived from exist.
    private const string IdPlaceholder = "StrategyReports?";

    private static readonly Lock Setup = new();
    private static bool s_ready;

    public static byte[] Render(IDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        EnsureReady();

        var container = new DocumentContainer();
        document.Compose(container);

        if (container.Sequences.Count == 0)
        {
            throw new InvalidOperationException($"{document.GetType().Name}.Compose added no pages; a PDF needs at least one.");
        }

        using var layout = new LayoutContext();
        var pages = container.Sequences.SelectMany(sequence => Paginate(layout, sequence)).ToList();

        using var pdf = new PdfDocument();
        WriteMetadata(pdf, document.Metadata);
        var outlines = new Dictionary<int, PdfOutline>();
        for (var i = 0; i < pages.Count; i++)
        {
            DrawPage(layout, pdf, pages[i], i + 1, pages.Count, outlines);
        }

        if (pdf.Outlines.Count > 0)
        {
            pdf.PageMode = PdfPageMode.UseOutlines;
        }

        StableFontSubsetTags(pdf);
        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return WithContentDerivedId(output.ToArray());
    }

    public static void Render(IDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Render(document));
    }

    private static void EnsureReady()
    {
        lock (Setup)
        {
            if (s_ready)
            {
                return;
            }

            // StrategyReports is AGPL, which is what lets it use PDFsharp under the AGPL.
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
            s_ready = true;
        }
    }

    private sealed record PagePlan(PageDescriptor Sequence, Rect Header, Rect Content, Rect Footer, Slice Body);

    private readonly record struct Rect(double X, double Y, double Width, double Height);

    private static IEnumerable<PagePlan> Paginate(LayoutContext layout, PageDescriptor sequence)
    {
        var margin = sequence.Margin;
        var width = sequence.Size.Width - margin.Horizontal;
        var headerHeight = BandHeight(layout, sequence.Header, width, sequence.BandSpacing);
        var footerHeight = BandHeight(layout, sequence.Footer, width, sequence.BandSpacing);
        var header = new Rect(margin.Left, margin.Top, width, headerHeight);
        var content = new Rect(margin.Left, margin.Top + headerHeight, width, sequence.Size.Height - margin.Vertical - headerHeight - footerHeight);
        var footer = new Rect(margin.Left, content.Y + content.Height + sequence.BandSpacing, width, footerHeight);

        Element? pending = sequence.Content;
        while (pending is not null)
        {
            var body = pending.Layout(layout, new Space(width, content.Height, MustProgress: true));
            if (body.PlacedNothing)
            {
                throw new InvalidOperationException($"{pending.GetType().Name} placed nothing on an empty page; pagination would not end.");
            }

            yield return new PagePlan(sequence, header, content, footer, body);
            pending = body.Remainder;
        }
    }

    /// <summary>Height a header or footer takes from the page, with the gap that separates it from the content.</summary>
    private static double BandHeight(LayoutContext layout, Element? band, double width, double spacing) =>
        band is null ? 0 : band.Layout(layout, Space.Measuring(width)).Height + spacing;

    private static void DrawPage(LayoutContext layout, PdfDocument pdf, PagePlan plan, int number, int count, Dictionary<int, PdfOutline> outlines)
    {
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(plan.Sequence.Size.Width);
        page.Height = XUnit.FromPoint(plan.Sequence.Size.Height);
        using var graphics = XGraphics.FromPdfPage(page);
        var draw = new DrawContext(layout, pdf, page, graphics, number, count, outlines);

        if (plan.Sequence.Header is { } header)
        {
            header.Layout(layout, Space.Measuring(plan.Header.Width)).Paint?.Invoke(draw, plan.Header.X, plan.Header.Y);
        }

        // Something taller than a page (a row or table row never splits) is cut at the content's edge
        // rather than drawn over the footer.
        var state = graphics.Save();
        graphics.IntersectClip(new XRect(0, plan.Content.Y, plan.Sequence.Size.Width, plan.Content.Height));
        plan.Body.Paint?.Invoke(draw, plan.Content.X, plan.Content.Y);
        graphics.Restore(state);

        if (plan.Sequence.Footer is { } footer)
        {
            footer.Layout(layout, Space.Measuring(plan.Footer.Width)).Paint?.Invoke(draw, plan.Footer.X, plan.Footer.Y);
        }
    }

    private static void WriteMetadata(PdfDocument pdf, DocumentMetadata metadata)
    {
        pdf.Info.Title = metadata.Title;
        pdf.Info.Author = metadata.Author ?? string.Empty;
        pdf.Info.Subject = metadata.Subject ?? string.Empty;
        pdf.Info.Keywords = metadata.Keywords ?? string.Empty;
        pdf.Info.Creator = metadata.Creator;
        pdf.Language = metadata.Language;

        // Readers then show the title, not a storage blob's file name (WCAG 2.4.2 for PDF).
        pdf.ViewerPreferences.DisplayDocTitle = true;
        if (metadata.Date is { } date)
        {
            pdf.Info.CreationDate = date.UtcDateTime;
            pdf.Info.ModificationDate = date.UtcDateTime;
        }
        else
        {
            pdf.Info.Elements.Remove("/CreationDate");
            pdf.Info.Elements.Remove("/ModDate");
        }

        pdf.Internals.FirstDocumentID = IdPlaceholder;
        pdf.Internals.SecondDocumentID = IdPlaceholder;
        pdf.Options.CompressContentStreams = true;
    }

    /// <summary>
    /// PDFsharp tags each embedded font subset with six random letters (e.g. QKJYRG+Segoe WP); derive
    /// them from the face name instead. One document holds one subset per face, so tags stay unique.
    /// </summary>
    private static void StableFontSubsetTags(PdfDocument pdf)
    {
        foreach (var dictionary in pdf.Internals.GetAllObjects().OfType<PdfDictionary>())
        {
            foreach (var key in (string[])["/BaseFont", "/FontName"])
            {
                var name = dictionary.Elements.GetName(key);
                if (name.Length > 8 && name[7] == '+')
                {
                    var face = name[8..];
                    var hash = SHA256.HashData(Encoding.UTF8.GetBytes(face));
                    var tag = string.Concat(hash.Take(6).Select(b => (char)('A' + (b % 26))));
                    dictionary.Elements.SetName(key, $"/{tag}+{face}");
                }
            }
        }
    }

    /// <summary>
    /// Gives the document the same ID on every render of the same content: the trailer ID and the XMP
    /// document and instance IDs (which PDFsharp draws at random when saving) become a hash of the file.
    /// </summary>
    private static byte[] WithContentDerivedId(byte[] bytes)
    {
        var uuids = new List<int>();
        // Only the XMP elements match: the same text in a title would be escaped there ("ID&gt;uuid:").
        var marker = "ID>uuid:"u8;
        for (var at = bytes.AsSpan().IndexOf(marker); at >= 0; at = Next(bytes, at, marker))
        {
            uuids.Add(at + marker.Length);
            "00000000-0000-0000-0000-000000000000"u8.CopyTo(bytes.AsSpan(at + marker.Length));
        }

        var digest = SHA256.HashData(bytes).AsSpan(0, 16).ToArray();
        var uuid = Encoding.ASCII.GetBytes(new Guid(digest).ToString("D"));
        foreach (var at in uuids)
        {
            uuid.CopyTo(bytes, at);
        }

        var placeholder = Convert.ToHexString(Encoding.ASCII.GetBytes(IdPlaceholder));
        var id = Encoding.ASCII.GetBytes(Convert.ToHexString(digest));
        var replaced = 0;
        foreach (var written in new[] { placeholder, placeholder.ToLowerInvariant() }.Distinct())
        {
            var pattern = Encoding.ASCII.GetBytes(written);
            for (var at = bytes.AsSpan().IndexOf(pattern); at >= 0; at = Next(bytes, at, pattern))
            {
                id.CopyTo(bytes, at);
                replaced++;
            }
        }

        return replaced == 2 ? bytes : throw new InvalidOperationException($"Expected the placeholder document ID twice in the trailer, found it {replaced} times.");
    }

    private static int Next(byte[] bytes, int after, ReadOnlySpan<byte> pattern)
    {
        var found = bytes.AsSpan(after + 1).IndexOf(pattern);
        return found < 0 ? -1 : after + 1 + found;
    }
}
