namespace StrategyReports.Pdf;

/// <summary>The width of a table column or row item: fixed in points, or a share of what is left.</summary>
public readonly record struct ColumnWidth
{
    private ColumnWidth(double value, bool isFixed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Value = value;
        IsFixed = isFixed;
    }

    public double Value { get; }

    public bool IsFixed { get; }

    public static ColumnWidth Fixed(double points) => new(points, true);

    /// <summary>A share, by weight, of the width the fixed columns leave.</summary>
    public static ColumnWidth Relative(double weight = 1) => new(weight, false);

    /// <summary>Resolves widths for the available space, after taking out the gaps between items.</summary>
    internal static double[] Resolve(IReadOnlyList<ColumnWidth> widths, double available, double gap)
    {
        var free = available - (gap * Math.Max(0, widths.Count - 1)) - widths.Where(w => w.IsFixed).Sum(w => w.Value);
        var weights = widths.Where(w => !w.IsFixed).Sum(w => w.Value);
        return [.. widths.Select(w => w.IsFixed ? w.Value : weights > 0 ? Math.Max(0, free) * w.Value / weights : 0)];
    }
}
