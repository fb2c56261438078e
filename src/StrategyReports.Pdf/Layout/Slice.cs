namespace StrategyReports.Pdf.Layout;

/// <summary>Draws a laid-out slice with its top-left corner at (x, y).</summary>
internal delegate void Painter(DrawContext context, double x, double y);

/// <summary>The space an element may fill on the current page.</summary>
/// <param name="MustProgress">
/// True when nothing has been placed on the page yet: the element must then place something, even
/// if it overflows, or pagination would never end.
/// </param>
internal readonly record struct Space(double Width, double Height, bool MustProgress)
{
    /// <summary>A height no page has, for measuring content that is never split (table cells, row items).</summary>
    public const double Unbounded = 1_000_000;

    public static Space Measuring(double width) => new(width, Unbounded, true);
}

/// <summary>
/// What an element placed on this page: its height and painter, and what is left for the next page
/// (null when it is done).
/// </summary>
internal sealed record Slice(double Height, Painter? Paint, Element? Remainder)
{
    public bool PlacedNothing => Paint is null;

    public static Slice Nothing(Element element) => new(0, null, element);

    public static Slice Complete(double height, Painter paint) => new(height, paint, null);
}
