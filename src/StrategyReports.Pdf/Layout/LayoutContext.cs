using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace StrategyReports.Pdf.Layout;

/// <summary>Measures text while laying out; fonts are created once per style and shared with drawing.</summary>
internal sealed class LayoutContext : IDisposable
{
    private readonly Dictionary<(double Size, bool Bold, bool Italic), XFont> _fonts = [];
    private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);

    public XFont Font(TextStyle style)
    {
        var key = (style.Size, style.Bold, style.Italic);
        if (!_fonts.TryGetValue(key, out var font))
        {
            var fontStyle = (style.Bold, style.Italic) switch
            {
                (true, true) => XFontStyleEx.BoldItalic,
                (true, false) => XFontStyleEx.Bold,
                (false, true) => XFontStyleEx.Italic,
                _ => XFontStyleEx.Regular,
            };
            font = new XFont(EmbeddedFontResolver.FamilyName, style.Size, fontStyle, new XPdfFontOptions(PdfFontEncoding.Unicode));
            _fonts.Add(key, font);
        }

        return font;
    }

    public double Width(string text, XFont font) => text.Length == 0 ? 0 : _measure.MeasureString(text, font).Width;

    public static double LineHeight(XFont font) => font.GetHeight();

    public void Dispose() => _measure.Dispose();
}

/// <summary>The page being drawn, its number and the document's page count, and the outline built so far.</summary>
internal sealed class DrawContext(LayoutContext layout, PdfDocument document, PdfPage page, XGraphics graphics, int pageNumber, int pageCount, Dictionary<int, PdfOutline> outlines)
{
    public LayoutContext Layout { get; } = layout;

    public PdfDocument Document { get; } = document;

    public PdfPage Page { get; } = page;

    public XGraphics Graphics { get; } = graphics;

    public int PageNumber { get; } = pageNumber;

    public int PageCount { get; } = pageCount;

    /// <summary>The latest bookmark at each heading level, so a level-2 heading nests under the level-1 before it.</summary>
    public Dictionary<int, PdfOutline> Outlines { get; } = outlines;

    public void DrawLine(string text, TextStyle style, double x, double y, double width, TextAlignment alignment)
    {
        var font = Layout.Font(style);
        var offset = alignment switch
        {
            TextAlignment.Center => (width - Layout.Width(text, font)) / 2,
            TextAlignment.Right => width - Layout.Width(text, font),
            _ => 0,
        };
        Graphics.DrawString(text, font, new XSolidBrush(style.Color.ToXColor()), x + offset, y, XStringFormats.TopLeft);
    }
}
