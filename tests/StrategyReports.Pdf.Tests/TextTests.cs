using System.Globalization;
using System.Text.RegularExpressions;
using StrategyReports.TestSupport;

namespace StrategyReports.Pdf.Tests;

public sealed class TextTests
{
    [Fact]
    public void Long_text_flows_across_pages_splitting_between_lines_and_losing_nothing()
    {
        var sentences = Enumerable.Range(1, 500).Select(i => $"Sentence {i:0000} about the partnership.");
        var pdf = TestDocument.Render(page => page.Add(new Text(string.Join(' ', sentences))));

        var pages = Poppler.PageTexts(pdf);
        var numbers = pages.SelectMany(p => Regex.Matches(p, @"Sentence (\d{4})")).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

        Assert.True(pages.Count >= 2, $"{pages.Count} page(s)");
        Assert.Equal(Enumerable.Range(1, 500), numbers);
    }

    [Fact]
    public void Bold_size_colour_and_alignment_render_as_text()
    {
        var pdf = TestDocument.Render(page =>
        {
            page.Add(new Text("Left aligned body"));
            page.Add(new Text("Bold and large", TextStyle.Default.WithSize(16).AsBold().WithColor(Rgb.NhsBlue)));
            page.Add(new Text("Right aligned", alignment: TextAlignment.Right));
        });

        var lines = Poppler.PageTexts(pdf)[0].Split('\n');

        var left = lines.Single(l => l.Contains("Left aligned body", StringComparison.Ordinal));
        var right = lines.Single(l => l.Contains("Right aligned", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Bold and large", StringComparison.Ordinal));
        Assert.True(right.IndexOf("Right", StringComparison.Ordinal) > left.IndexOf("Left", StringComparison.Ordinal) + 40, "right-aligned text sits at the right margin");
    }

    [Theory]
    [InlineData("A short line.")]
    [InlineData("Words wrap at spaces when the line is full, and line feeds start paragraphs.\nSecond paragraph.\n\nAfter a blank line.")]
    [InlineData("Pneumonoultramicroscopicsilicovolcanoconiosis is longer than the line.")]
    public void Wrapped_lines_fit_the_width_and_rejoin_to_the_original_text(string content)
    {
        static double Measure(string s) => s.Length * 5.0;

        var lines = Text.Wrap(content, 100, Measure);

        Assert.All(lines, line => Assert.True(Measure(line.Text) <= 100, $"'{line.Text}' is too wide"));
        Assert.Equal(content, Text.Rejoin(lines));
    }

    [Fact]
    public void A_word_wider_than_the_line_is_broken_between_letters()
    {
        var lines = Text.Wrap("abcdefghij", 30, s => s.Length * 10.0);

        Assert.Equal(["abc", "def", "ghi", "j"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Rows_place_items_side_by_side()
    {
        var pdf = TestDocument.Render(page => page.Add(new Row(12)
            .Fixed(120, new Text("Fixed item"))
            .Relative(new Text("First share"))
            .Relative(new Text("Second share"), 2)));

        var text = Poppler.PageTexts(pdf)[0];

        Assert.Matches(@"Fixed item\s+First share\s+Second share", text);
    }

    [Fact]
    public void Box_pads_its_content_and_splits_with_it_across_pages()
    {
        var paragraphs = string.Join('\n', Enumerable.Range(1, 150).Select(i => $"Risk {i:000}: agency spend above plan."));
        var pdf = TestDocument.Render(page => page.Add(new Box(new Text(paragraphs))
        {
            Padding = Edges.All(8),
            Background = Rgb.PaleGrey,
            Border = Sides.All,
        }));

        var pages = Poppler.PageTexts(pdf);
        var risks = pages.SelectMany(p => Regex.Matches(p, @"Risk (\d{3})")).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

        Assert.True(pages.Count >= 2);
        Assert.Equal(Enumerable.Range(1, 150), risks);
    }
}
