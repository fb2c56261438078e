using PdfSharp.Drawing;
using PdfSharp.Pdf;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>Makes its content a link to a web address, e.g. the online version of a report.</summary>
public sealed class Link(Element content, Uri target) : Element
{
    public Element Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    public Uri Target { get; } = target ?? throw new ArgumentNullException(nameof(target));

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var slice = Content.Layout(context, space);
        if (slice.Paint is not { } paint)
        {
            return Slice.Nothing(this);
        }

        return slice with
        {
            Paint = (draw, x, y) =>
            {
                paint(draw, x, y);

                // Annotations live in PDF space, whose origin is the bottom-left corner of the page.
                var pageHeight = draw.Page.Height.Point;
                var area = new XRect(x, pageHeight - y - slice.Height, space.Width, slice.Height);
                draw.Page.AddWebLink(new PdfRectangle(area), Target.AbsoluteUri);
            },
            Remainder = slice.Remainder is null ? null : new Link(slice.Remainder, Target),
        };
    }
}
