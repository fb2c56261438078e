using PdfSharp.Drawing;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// A rounded label on a coloured ground, at its natural width on the left of its space. The label
/// always carries the meaning, so the colour is never the only cue (WCAG 1.4.1).
/// </summary>
public sealed class Chip(string label, Rgb background, Rgb foreground) : Element
{
    private static readonly Edges Padding = Edges.Symmetric(2, 7);

    public string Label { get; } = label ?? throw new ArgumentNullException(nameof(label));

    public Rgb Background { get; } = background;

    public Rgb Foreground { get; } = foreground;

    public TextStyle Style { get; init; } = TextStyle.Default.WithSize(8.5).AsBold();

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var font = context.Font(Style);
        var height = LayoutContext.LineHeight(font) + Padding.Vertical;
        if (height > space.Height && !space.MustProgress)
        {
            return Slice.Nothing(this);
        }

        var width = Math.Min(space.Width, context.Width(Label, font) + Padding.Horizontal);
        var textStyle = Style.WithColor(Foreground);
        return Slice.Complete(height, (draw, x, y) =>
        {
            draw.Graphics.DrawRoundedRectangle(new XSolidBrush(Background.ToXColor()), x, y, width, height, height, height);
            draw.DrawLine(Label, textStyle, x, y + Padding.Top, width, TextAlignment.Center);
        });
    }
}
