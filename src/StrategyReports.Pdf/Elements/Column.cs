using System.Collections;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// Items stacked top to bottom with a gap between them; the column continues on the next page from
/// the item (or the part of an item) that did not fit. Supports collection initialisers.
/// </summary>
public sealed class Column(double spacing = 6) : Element, IEnumerable<Element>
{
    private readonly List<Element> _items = [];

    /// <summary>Vertical gap in points between items; never added at the top of a page.</summary>
    public double Spacing { get; } = spacing;

    public IReadOnlyList<Element> Items => _items;

    public Column Add(Element item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
        return this;
    }

    public IEnumerator<Element> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var placed = new List<(double Top, double Bottom, Painter Paint, Element Item)>();
        var used = 0.0;
        Element? remainder = null;
        for (var i = 0; i < _items.Count; i++)
        {
            var gap = placed.Count > 0 ? Spacing : 0;
            var slice = _items[i].Layout(context, space with { Height = Math.Max(0, space.Height - used - gap), MustProgress = space.MustProgress && placed.Count == 0 });
            if (slice.Paint is not { } paint)
            {
                // A heading left alone at the foot of a page moves on with what it introduces.
                var start = i;
                if (placed.Count > 1 && placed[^1].Item is Heading)
                {
                    placed.RemoveAt(placed.Count - 1);
                    used = placed[^1].Bottom;
                    start = i - 1;
                }

                remainder = Rest(_items[start], start + 1);
                break;
            }

            var top = used + gap;
            used = top + slice.Height;
            placed.Add((top, used, paint, _items[i]));
            if (slice.Remainder is not null)
            {
                remainder = Rest(slice.Remainder, i + 1);
                break;
            }
        }

        if (placed.Count == 0 && _items.Count > 0)
        {
            return Slice.Nothing(this);
        }

        return new Slice(used, (draw, x, y) =>
        {
            foreach (var (top, _, paint, _) in placed)
            {
                paint(draw, x, y + top);
            }
        }, remainder);
    }

    private Column Rest(Element first, int from)
    {
        var rest = new Column(Spacing).Add(first);
        foreach (var item in _items.Skip(from))
        {
            rest.Add(item);
        }

        return rest;
    }
}
