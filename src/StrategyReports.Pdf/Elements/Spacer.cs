using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>Empty vertical space; at the foot of a page it shrinks to what is left rather than pushing on.</summary>
public sealed class Spacer(double height) : Element
{
    public double Height { get; } = height >= 0 ? height : throw new ArgumentOutOfRangeException(nameof(height));

    internal override Slice Layout(LayoutContext context, Space space) =>
        Slice.Complete(Math.Min(Height, space.Height), static (_, _, _) => { });
}

/// <summary>Ends the page: what follows starts on the next one. At the top of a page it does nothing.</summary>
public sealed class PageBreak : Element
{
    internal override Slice Layout(LayoutContext context, Space space) =>
        Slice.Complete(space.MustProgress ? 0 : space.Height, static (_, _, _) => { });
}

/// <summary>
/// The page number and page count, for headers and footers: <see cref="Format"/> takes
/// <c>{0}</c> for the page and <c>{1}</c> for the count, e.g. "Page {0} of {1}".
/// </summary>
public sealed class PageNumber(string format = "Page {0} of {1}", TextStyle? style = null, TextAlignment alignment = TextAlignment.Left) : Element
{
    public string Format { get; } = format ?? throw new ArgumentNullException(nameof(format));

    public TextStyle Style { get; } = style ?? TextStyle.Default;

    public TextAlignment Alignment { get; } = alignment;

    internal override Slice Layout(LayoutContext context, Space space) =>
        Slice.Complete(LayoutContext.LineHeight(context.Font(Style)), (draw, x, y) =>
            draw.DrawLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, draw.PageNumber, draw.PageCount), Style, x, y, space.Width, Alignment));
}
