using PdfSharp.Pdf;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// A bold heading (levels 1 to 3) that also becomes a PDF bookmark, nested under the heading of the
/// level above. A <see cref="Column"/> keeps it on the same page as the item that follows it.
/// </summary>
public sealed class Heading : Element
{
    private readonly Text _text;

    public Heading(string title, int level = 1, Rgb? color = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 3);
        Title = title;
        Level = level;
        var size = level switch { 1 => 18, 2 => 14, _ => 11.5 };
        _text = new Text(title, new TextStyle { Size = size, Bold = true, Color = color ?? Rgb.Text });
    }

    public string Title { get; }

    public int Level { get; }

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var slice = _text.Layout(context, space);
        if (slice.Paint is not { } paint)
        {
            return Slice.Nothing(this);
        }

        return slice with
        {
            Paint = (draw, x, y) =>
            {
                paint(draw, x, y);
                Bookmark(draw, y);
            },
        };
    }

    private void Bookmark(DrawContext draw, double y)
    {
        var parent = Level > 1 && draw.Outlines.TryGetValue(Level - 1, out var above) ? above.Outlines : draw.Document.Outlines;
        var outline = parent.Add(Title, draw.Page, opened: true);
        outline.PageDestinationType = PdfPageDestinationType.Xyz;
        outline.Top = draw.Page.Height.Point - y;
        draw.Outlines[Level] = outline;
        foreach (var deeper in draw.Outlines.Keys.Where(k => k > Level).ToList())
        {
            draw.Outlines.Remove(deeper);
        }
    }
}
