using System.Globalization;
using System.Text.RegularExpressions;
using StrategyReports.TestSupport;

namespace StrategyReports.Pdf.Tests;

public sealed partial class TableTests
{
    private static byte[] LongTable(int rows) => TestDocument.Render(page =>
    {
        page.Add(new Heading("Returns received"));
        var table = new Table(ColumnWidth.Fixed(60), ColumnWidth.Relative(3), ColumnWidth.Relative(1))
            .Header("Return", "Partner organisation", new TableCell("Vacancies") { Alignment = TextAlignment.Right });
        for (var i = 1; i <= rows; i++)
        {
            // Every seventh partner has a name long enough to wrap, so rows differ in height.
            var partner = i % 7 == 0 ? $"Partner {i:000} Community Interest Company providing domiciliary care across the borough and neighbouring localities" : $"Partner {i:000}";
            table.AddRow($"R{i:000}", partner, new TableCell((i * 3).ToString(CultureInfo.InvariantCulture)) { Alignment = TextAlignment.Right });
        }

        page.Add(table);
        page.Add(new Text("End of returns."));
    });

    [Fact]
    public void A_120_row_table_spills_onto_further_pages_with_its_header_on_each()
    {
        var pages = Poppler.PageTexts(LongTable(120));

        Assert.InRange(pages.Count, 3, 10);
        var pagesWithRows = pages.Where(page => RowLine().IsMatch(page)).ToList();
        Assert.True(pagesWithRows.Count >= 3, $"rows on {pagesWithRows.Count} pages");
        Assert.All(pagesWithRows, page => Assert.Matches(@"Return\s+Partner organisation\s+Vacancies", page));
        Assert.Contains("End of returns.", pages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_row_appears_once_in_order_and_is_never_cut_between_pages()
    {
        var pages = Poppler.PageTexts(LongTable(120));

        var seen = new List<int>();
        foreach (var page in pages)
        {
            foreach (Match row in RowLine().Matches(page))
            {
                var number = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
                seen.Add(number);

                // The last cell is on the row's first line, so the whole row is on this page.
                Assert.Equal(number * 3, int.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture));
            }

            // A wrapped partner name ends on the same page as it starts.
            Assert.Equal(Regex.Count(page, "Community Interest Company"), Regex.Count(page, "neighbouring localities"));
        }

        Assert.Equal(Enumerable.Range(1, 120), seen);
    }

    [Fact]
    public void Header_only_table_renders_its_header()
    {
        var text = Poppler.AllText(TestDocument.Render(page => page.Add(new Table(ColumnWidth.Relative(), ColumnWidth.Relative()).Header("Measure", "Actual"))));

        Assert.Matches(@"Measure\s+Actual", text);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        var table = new Table(ColumnWidth.Relative(), ColumnWidth.Relative());

        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }

    [Fact]
    public void Fixed_columns_keep_their_width_and_relative_ones_share_the_rest()
    {
        var widths = ColumnWidth.Resolve([ColumnWidth.Fixed(100), ColumnWidth.Relative(1), ColumnWidth.Relative(3)], 500, 0);

        Assert.Equal([100, 100, 300], widths);
    }

    [GeneratedRegex(@"^\s*R(\d{3})\s+Partner \d{3}.*?\s(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RowLine();
}
