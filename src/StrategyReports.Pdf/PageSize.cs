namespace StrategyReports.Pdf;

/// <summary>A page size in points; portrait when <see cref="Width"/> is the smaller.</summary>
public readonly record struct PageSize(double Width, double Height)
{
    /// <summary>ISO 216 A4, 210 × 297 mm.</summary>
    public static PageSize A4 { get; } = new(Units.Millimetres(210), Units.Millimetres(297));

    public PageSize Landscape => new(Math.Max(Width, Height), Math.Min(Width, Height));
}
