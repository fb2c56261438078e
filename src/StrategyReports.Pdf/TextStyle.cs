namespace StrategyReports.Pdf;

/// <summary>How a run of text looks. All text is set in the embedded Segoe WP family.</summary>
public sealed record TextStyle
{
    public static TextStyle Default { get; } = new();

    /// <summary>Font size in points.</summary>
    public double Size { get; init; } = 10;

    public bool Bold { get; init; }

    public bool Italic { get; init; }

    public Rgb Color { get; init; } = Rgb.Text;

    public TextStyle WithSize(double size) => this with { Size = size };

    public TextStyle AsBold() => this with { Bold = true };

    public TextStyle WithColor(Rgb color) => this with { Color = color };
}

public enum TextAlignment
{
    Left,
    Center,
    Right,
}
