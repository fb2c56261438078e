using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace StrategyReports.Pdf.Layout;

/// <summary>
/// Serves the Segoe WP faces PDFsharp carries inside its own package, so rendering never depends on
/// the fonts of the machine (Functions hosts have none worth relying on). Every family name maps to
/// Segoe WP; bold uses the real bold face, italic is slanted by PDFsharp because no italic face ships.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FamilyName = "Segoe WP";

    private const string RegularFace = "SegoeWP";
    private const string BoldFace = "SegoeWP-Bold";

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName) => faceName == BoldFace ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
}
