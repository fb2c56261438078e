namespace StrategyReports.Pdf;

/// <summary>Distances in points (1/72 inch) on each side: margins and padding.</summary>
public readonly record struct Edges(double Top, double Right, double Bottom, double Left)
{
    public static Edges None { get; } = new(0, 0, 0, 0);

    public double Horizontal => Left + Right;

    public double Vertical => Top + Bottom;

    public static Edges All(double value) => new(value, value, value, value);

    public static Edges Symmetric(double vertical, double horizontal) => new(vertical, horizontal, vertical, horizontal);

    public static Edges FromMillimetres(double all) => All(Units.Millimetres(all));
}

/// <summary>Conversions to points, the unit every size in this library uses.</summary>
public static class Units
{
    public static double Millimetres(double value) => value * 72 / 25.4;
}
