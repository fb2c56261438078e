using System.Globalization;
using PdfSharp.Drawing;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// A small trend chart of a measure over periods: one point per period (null where there is no
/// value, which breaks the line), an optional dashed target line, the scale's top and bottom
/// labelled on the left and the latest value on the right.
/// </summary>
public sealed class Sparkline(IReadOnlyList<double?> values) : Element
{
    private static readonly TextStyle LabelStyle = TextStyle.Default.WithSize(6.5).WithColor(Rgb.DarkGrey);

    public IReadOnlyList<double?> Values { get; } = values ?? throw new ArgumentNullException(nameof(values));

    public double? Target { get; init; }

    /// <summary>Width in points; narrower when the space is.</summary>
    public double Width { get; init; } = 140;

    public double Height { get; init; } = 34;

    /// <summary>.NET numeric format for the labels, e.g. "0.#" or "0%".</summary>
    public string ValueFormat { get; init; } = "0.##";

    public Rgb LineColor { get; init; } = Rgb.NhsBlue;

    public Rgb TargetColor { get; init; } = Rgb.RagRed;

    internal override Slice Layout(LayoutContext context, Space space)
    {
        if (Height > space.Height && !space.MustProgress)
        {
            return Slice.Nothing(this);
        }

        var width = Math.Min(Width, space.Width);
        return Slice.Complete(Height, (draw, x, y) => Paint(draw, new XRect(x, y, width, Height)));
    }

    private string Label(double value) => value.ToString(ValueFormat, CultureInfo.InvariantCulture);

    private void Paint(DrawContext draw, XRect bounds)
    {
        var graphics = draw.Graphics;
        var font = draw.Layout.Font(LabelStyle);
        var known = Values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        if (known.Count == 0)
        {
            draw.DrawLine("No data", LabelStyle with { Italic = true }, bounds.X, bounds.Y + ((bounds.Height - LayoutContext.LineHeight(font)) / 2), bounds.Width, TextAlignment.Left);
            return;
        }

        var (low, high) = Scale(known.Append(Target ?? known[0]));
        var top = Label(high);
        var bottom = Label(low);
        var latest = Values.Last(v => v.HasValue)!.Value;
        var latestLabel = Label(latest);
        var lineHeight = LayoutContext.LineHeight(font);
        var left = bounds.X + Math.Max(draw.Layout.Width(top, font), draw.Layout.Width(bottom, font)) + 3;
        var right = bounds.Right - draw.Layout.Width(latestLabel, draw.Layout.Font(LabelStyle.AsBold())) - 4;
        var plot = new XRect(left, bounds.Y + (lineHeight / 2), Math.Max(1, right - left), Math.Max(1, bounds.Height - lineHeight));

        draw.DrawLine(top, LabelStyle, bounds.X, plot.Top - (lineHeight / 2), left - bounds.X - 3, TextAlignment.Right);
        draw.DrawLine(bottom, LabelStyle, bounds.X, plot.Bottom - (lineHeight / 2), left - bounds.X - 3, TextAlignment.Right);
        graphics.DrawLine(new XPen(Rgb.MidGrey.ToXColor(), 0.5), plot.BottomLeft, plot.BottomRight);

        double X(int i) => Values.Count == 1 ? plot.X + (plot.Width / 2) : plot.X + (plot.Width * i / (Values.Count - 1));
        double Y(double value) => plot.Bottom - ((value - low) / (high - low) * plot.Height);

        if (Target is { } target)
        {
            var pen = new XPen(TargetColor.ToXColor(), 0.75) { DashStyle = XDashStyle.Dash };
            graphics.DrawLine(pen, plot.Left, Y(target), plot.Right, Y(target));
        }

        var line = new XPen(LineColor.ToXColor(), 1.25) { LineJoin = XLineJoin.Round };
        var dot = new XSolidBrush(LineColor.ToXColor());
        for (var i = 0; i < Values.Count; i++)
        {
            if (Values[i] is not { } value)
            {
                continue;
            }

            if (i > 0 && Values[i - 1] is { } previous)
            {
                graphics.DrawLine(line, X(i - 1), Y(previous), X(i), Y(value));
            }

            var radius = i == Values.Count - 1 ? 2.2 : 1.4;
            graphics.DrawEllipse(dot, X(i) - radius, Y(value) - radius, radius * 2, radius * 2);
        }

        draw.DrawLine(latestLabel, LabelStyle.AsBold().WithColor(Rgb.Text), plot.Right + 4, Y(latest) - (lineHeight / 2), bounds.Right - plot.Right - 4, TextAlignment.Left);
    }

    /// <summary>The scale's bottom and top; a flat series gets some room so it is drawn mid-height.</summary>
    internal static (double Low, double High) Scale(IEnumerable<double> values)
    {
        var all = values.ToList();
        var (low, high) = (all.Min(), all.Max());
        if (high - low < 1e-9)
        {
            var pad = Math.Abs(high) > 1e-9 ? Math.Abs(high) * 0.1 : 1;
            return (low - pad, high + pad);
        }

        return (low, high);
    }
}
