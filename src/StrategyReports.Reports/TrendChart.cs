using System.Globalization;
using System.Net;
using System.Text;
using StrategyReports.Templating;

namespace StrategyReports.Reports;

/// <summary>
/// A measure's trend as a small inline SVG for the HTML reports: a line through the quarters (broken
/// where a quarter has no figure), a dashed target line and a dot on the latest value. The chart is
/// an image labelled with the trend in words, so nothing depends on seeing it.
/// </summary>
public static class TrendChart
{
    public const int Width = 120;
    public const int Height = 36;
    private const double Pad = 4;

    /// <summary>The SVG markup, or null when fewer than two quarters have a figure. Trusted: built here, with the one piece of text in it encoded.</summary>
    public static TrustedHtml? Svg(IReadOnlyList<decimal?> values, decimal? target, string textAlternative)
    {
        ArgumentNullException.ThrowIfNull(values);
        var known = values.OfType<decimal>().ToList();
        if (known.Count < 2)
        {
            return null;
        }

        var scale = target is { } t ? [.. known, t] : known;
        var low = scale.Min();
        var high = scale.Max();
        if (high == low)
        {
            // A flat series is drawn mid-height rather than along an edge.
            high += 1;
            low -= 1;
        }

        var step = values.Count > 1 ? (Width - (2 * Pad)) / (values.Count - 1) : 0;
        double X(int index) => Pad + (index * step);
        double Y(decimal value) => Pad + ((double)((high - value) / (high - low)) * (Height - (2 * Pad)));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(textAlternative)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(textAlternative)}</title>");
        if (target is { } line)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Pad:0.##}\" y1=\"{Y(line):0.##}\" x2=\"{Width - Pad:0.##}\" y2=\"{Y(line):0.##}\" stroke=\"#d5281b\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>");
        }

        var run = new List<string>();
        void Flush()
        {
            if (run.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"1.5\" points=\"{string.Join(' ', run)}\"/>");
            }

            run.Clear();
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
            {
                run.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i):0.##},{Y(value):0.##}"));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        var last = values.Select((value, index) => (value, index)).Last(point => point.value is not null);
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(last.index):0.##}\" cy=\"{Y(last.value!.Value):0.##}\" r=\"2.5\" fill=\"#005eb8\"/>");
        svg.Append("</svg>");
        return TrustedHtml.FromCode(svg.ToString());
    }
}
