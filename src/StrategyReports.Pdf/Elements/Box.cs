using PdfSharp.Drawing;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>Sides of a box that get a border line.</summary>
[Flags]
public enum Sides
{
    None = 0,
    Top = 1,
    Right = 2,
    Bottom = 4,
    Left = 8,
    All = Top | Right | Bottom | Left,
}

/// <summary>Padding, background and border lines around one element; splits across pages with its content.</summary>
public sealed class Box(Element content) : Element
{
    public Element Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    public Edges Padding { get; init; } = Edges.None;

    public Rgb? Background { get; init; }

    public Sides Border { get; init; } = Sides.None;

    public Rgb BorderColor { get; init; } = Rgb.MidGrey;

    public double BorderWidth { get; init; } = 0.75;

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var inner = new Space(Math.Max(0, space.Width - Padding.Horizontal), Math.Max(0, space.Height - Padding.Vertical), space.MustProgress);
        var slice = Content.Layout(context, inner);
        if (slice.Paint is not { } paint)
        {
            return Slice.Nothing(this);
        }

        var height = slice.Height + Padding.Vertical;
        var remainder = slice.Remainder is null ? null : new Box(slice.Remainder)
        {
            Padding = Padding,
            Background = Background,
            Border = Border,
            BorderColor = BorderColor,
            BorderWidth = BorderWidth,
        };
        return new Slice(height, (draw, x, y) =>
        {
            if (Background is { } background)
            {
                draw.Graphics.DrawRectangle(new XSolidBrush(background.ToXColor()), x, y, space.Width, height);
            }

            DrawBorders(draw.Graphics, new XPen(BorderColor.ToXColor(), BorderWidth), Border, new XRect(x, y, space.Width, height));
            paint(draw, x + Padding.Left, y + Padding.Top);
        }, remainder);
    }

    internal static void DrawBorders(XGraphics graphics, XPen pen, Sides sides, XRect rect)
    {
        if (sides.HasFlag(Sides.Top))
        {
            graphics.DrawLine(pen, rect.TopLeft, rect.TopRight);
        }

        if (sides.HasFlag(Sides.Right))
        {
            graphics.DrawLine(pen, rect.TopRight, rect.BottomRight);
        }

        if (sides.HasFlag(Sides.Bottom))
        {
            graphics.DrawLine(pen, rect.BottomLeft, rect.BottomRight);
        }

        if (sides.HasFlag(Sides.Left))
        {
            graphics.DrawLine(pen, rect.TopLeft, rect.BottomLeft);
        }
    }
}
