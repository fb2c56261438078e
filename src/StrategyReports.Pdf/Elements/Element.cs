using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// Something that can be laid out in a width and drawn. Elements are measured against the space left
/// on the page, place what fits and hand back the rest, which flows onto the next page.
/// </summary>
public abstract class Element
{
    private protected Element()
    {
    }

    internal abstract Slice Layout(LayoutContext context, Space space);
}
