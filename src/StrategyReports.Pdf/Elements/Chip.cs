using PdfSharp.Drawing;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>A red/amber/green/grey rating as the layout shows it.</summary>
public enum RagRating
{
    Green,
    Amber,
    Red,
    Grey,
}

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

    /// <summary>
    /// A RAG chip in NHS colours with text that passes contrast on each ground. The label defaults
    /// to the rating's name; pass e.g. "Grey — no target" to say why a measure is grey.
    /// </summary>
    public static Chip Rag(RagRating rating, string? label = null) => rating switch
    {
        RagRating.Green => new Chip(label ?? "Green", Rgb.RagGreen, Rgb.White),
        RagRating.Amber => new Chip(label ?? "Amber", Rgb.RagAmber, Rgb.Text),
        RagRating.Red => new Chip(label ?? "Red", Rgb.RagRed, Rgb.White),
        RagRating.Grey => new Chip(label ?? "Grey", Rgb.DarkGrey, Rgb.White),
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, null),
    };

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
