using System.Globalization;
using PdfSharp.Drawing;

namespace StrategyReports.Pdf;

/// <summary>An opaque sRGB colour; the named ones follow the NHS identity palette.</summary>
public readonly record struct Rgb(byte Red, byte Green, byte Blue)
{
    /// <summary>NHS body text (#212B32): softer than pure black, still AAA on white.</summary>
    public static Rgb Text { get; } = new(0x21, 0x2B, 0x32);

    public static Rgb White { get; } = new(0xFF, 0xFF, 0xFF);

    public static Rgb NhsBlue { get; } = new(0x00, 0x5E, 0xB8);

    public static Rgb PaleGrey { get; } = new(0xE8, 0xED, 0xEE);

    public static Rgb MidGrey { get; } = new(0xAE, 0xB7, 0xBD);

    public static Rgb DarkGrey { get; } = new(0x4C, 0x62, 0x72);

    public static Rgb RagGreen { get; } = new(0x00, 0x7F, 0x3B);

    public static Rgb RagAmber { get; } = new(0xFF, 0xB8, 0x1C);

    public static Rgb RagRed { get; } = new(0xD5, 0x28, 0x1B);

    /// <summary>Parses <c>#RRGGBB</c> or <c>RRGGBB</c>.</summary>
    public static Rgb FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith('#') ? hex[1..] : hex;
        if (digits.Length != 6 || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{hex}' is not a #RRGGBB colour.");
        }

        return new Rgb((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }

    internal XColor ToXColor() => XColor.FromArgb(Red, Green, Blue);
}
