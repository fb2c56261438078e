using System.Text;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>
/// A block of text in one style, wrapped at spaces (words wider than the line are broken between
/// letters). Line feeds start new paragraphs. Long text splits between lines across pages.
/// </summary>
public sealed class Text(string content, TextStyle? style = null, TextAlignment alignment = TextAlignment.Left) : Element
{
    public string Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    public TextStyle Style { get; } = style ?? TextStyle.Default;

    public TextAlignment Alignment { get; } = alignment;

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var font = context.Font(Style);
        var lineHeight = LayoutContext.LineHeight(font);
        var lines = Wrap(Content, space.Width, s => context.Width(s, font));
        var fitting = Math.Min(lines.Count, (int)Math.Floor((space.Height + 0.001) / lineHeight));
        if (fitting == 0)
        {
            if (!space.MustProgress)
            {
                return Slice.Nothing(this);
            }

            fitting = 1;
        }

        var placed = lines.Take(fitting).Select(l => l.Text).ToArray();
        var remainder = fitting < lines.Count ? new Text(Rejoin(lines.Skip(fitting).ToList()), Style, Alignment) : null;
        return new Slice(fitting * lineHeight, (draw, x, y) =>
        {
            for (var i = 0; i < placed.Length; i++)
            {
                draw.DrawLine(placed[i], Style, x, y + (i * lineHeight), space.Width, Alignment);
            }
        }, remainder);
    }

    /// <summary>How a wrapped line joins the next one, so a remainder can be rebuilt faithfully.</summary>
    internal enum LineEnd
    {
        Space,
        Nothing,
        Paragraph,
    }

    internal readonly record struct Line(string Text, LineEnd End);

    internal static List<Line> Wrap(string content, double width, Func<string, double> measure)
    {
        var lines = new List<Line>();
        var paragraphs = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        foreach (var paragraph in paragraphs)
        {
            var words = paragraph.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var current = string.Empty;
            foreach (var word in words)
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (measure(candidate) <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(new Line(current, LineEnd.Space));
                }

                current = word;
                while (current.Length > 1 && measure(current) > width)
                {
                    var cut = LongestFittingPrefix(current, width, measure);
                    lines.Add(new Line(current[..cut], LineEnd.Nothing));
                    current = current[cut..];
                }
            }

            lines.Add(new Line(current, LineEnd.Paragraph));
        }

        return lines;
    }

    private static int LongestFittingPrefix(string word, double width, Func<string, double> measure)
    {
        var cut = 1;
        while (cut < word.Length - 1 && measure(word[..(cut + 1)]) <= width)
        {
            cut++;
        }

        return cut;
    }

    internal static string Rejoin(IReadOnlyList<Line> lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append(lines[i].Text);
            if (i < lines.Count - 1)
            {
                text.Append(lines[i].End switch { LineEnd.Space => " ", LineEnd.Paragraph => "\n", _ => string.Empty });
            }
        }

        return text.ToString();
    }
}
