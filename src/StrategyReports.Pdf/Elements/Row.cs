using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// Items side by side, each in a fixed or relative width, top-aligned. A row is never split: when it
/// does not fit in what is left of the page it moves whole to the next one.
/// </summary>
public sealed class Row(double spacing = 8) : Element
{
    private readonly List<(ColumnWidth Width, Element Item)> _items = [];

    /// <summary>Horizontal gap in points between items.</summary>
    public double Spacing { get; } = spacing;

    public Row Add(ColumnWidth width, Element item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add((width, item));
        return this;
    }

    public Row Relative(Element item, double weight = 1) => Add(ColumnWidth.Relative(weight), item);

    public Row Fixed(double width, Element item) => Add(ColumnWidth.Fixed(width), item);

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var widths = ColumnWidth.Resolve([.. _items.Select(i => i.Width)], space.Width, Spacing);
        var slices = _items.Select((item, i) => item.Item.Layout(context, Space.Measuring(widths[i]))).ToArray();
        var height = slices.Length == 0 ? 0 : slices.Max(s => s.Height);
        if (height > space.Height && !space.MustProgress)
        {
            return Slice.Nothing(this);
        }

        return Slice.Complete(height, (draw, x, y) =>
        {
            var left = x;
            for (var i = 0; i < slices.Length; i++)
            {
                slices[i].Paint?.Invoke(draw, left, y);
                left += widths[i] + Spacing;
            }
        });
    }
}
