using System.Text.RegularExpressions;
using StrategyReports.Domain;
using StrategyReports.Templating;
using StrategyReports.TestSupport;

namespace StrategyReports.Reports.Tests;

public sealed partial class LayoutAndTemplateTests
{
    /// <summary>The wellbeing programme with 40 measures: its own six repeated with numbered names.</summary>
    private static HighlightReport FortyMeasures()
    {
        var rollup = Reports.Rollup();
        var programme = rollup.Programmes.Single(p => p.ProgrammeId == "workforce-wellbeing");
        var measures = Enumerable.Range(1, 40)
            .Select(i => programme.Measures[i % programme.Measures.Count] with { MeasureId = $"m{i:00}", Name = $"Measure M{i:00} " + programme.Measures[i % programme.Measures.Count].Name })
            .ToList();
        var forty = programme with { Measures = measures };
        rollup = rollup with { Programmes = [.. rollup.Programmes.Select(p => p.ProgrammeId == forty.ProgrammeId ? forty : p)] };
        return ReportBuilder.Highlight(rollup, Reports.Bury, "workforce-wellbeing", Reports.ComputedAt);
    }

    [Fact]
    public void A_40_measure_programme_spills_onto_further_pages_with_the_table_header_repeated_and_every_row_once()
    {
        var pages = Poppler.PageTexts(ReportRenderer.Pdf(FortyMeasures()));

        var withRows = pages.Where(page => MeasureRow().IsMatch(page)).ToList();
        Assert.True(withRows.Count >= 3, $"measure rows on {withRows.Count} pages");
        Assert.All(withRows, page => Assert.Matches(@"Measure\s+Actual\s+Target\s+RAG\s+Gap to", page));
        var seen = pages.SelectMany(page => MeasureRow().Matches(page).Select(match => match.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"{i:00}"), seen);
    }

    [Fact]
    public void The_html_is_accessible_by_construction_one_h1_captions_scoped_headers_labelled_chips_and_charts()
    {
        var html = Reports.Html(ReportBuilder.Highlight(Reports.Rollup(), Reports.Bury, "workforce-wellbeing", Reports.ComputedAt));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en-GB\">", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<h1[ >]"));
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        var tables = Regex.Matches(html, "<table>(.*?)</table>", RegexOptions.Singleline);
        Assert.True(tables.Count >= 2);
        Assert.All(tables, table =>
        {
            Assert.Contains("<caption", table.Value, StringComparison.Ordinal);
            Assert.DoesNotMatch("<th(?! scope=\"(col|row)\")[ >]", table.Value);
        });

        // RAG is always a word on the chip, never colour alone.
        Assert.All(Regex.Matches(html, "<span class=\"rag rag-(\\w+)\">([^<]*)</span>"), chip =>
            Assert.StartsWith(char.ToUpperInvariant(chip.Groups[1].Value[0]) + chip.Groups[1].Value[1..], chip.Groups[2].Value, StringComparison.Ordinal));
        var charts = Regex.Matches(html, "<svg[^>]*>");
        Assert.NotEmpty(charts);
        Assert.All(charts, svg => Assert.Matches("role=\"img\" aria-label=\"Trend: [^\"]+\"", svg.Value));
    }

    [Fact]
    public void The_report_templates_load_with_the_others_and_a_broken_one_is_named_with_its_line_at_load()
    {
        Assert.Contains(ReportRenderer.HighlightTemplate, Reports.Templates.Names);
        Assert.Contains(ReportRenderer.BoardPackTemplate, Reports.Templates.Names);

        var folder = Directory.CreateTempSubdirectory("sr-templates-").FullName;
        try
        {
            CopyFolder(RepositoryPaths.Combine("templates"), folder);
            var file = Path.Combine(folder, "reports", "partials", "programme-section.sbn-html");
            var lines = File.ReadAllLines(file).ToList();
            lines.Insert(3, "{{ include 'no-such-partial' }}");
            File.WriteAllLines(file, lines);

            var e = Assert.Throws<TemplateException>(() => TemplateLibrary.Load(folder, ReportRenderer.Templates, ReportRenderer.TemplateFunctions));
            Assert.StartsWith("reports/partials/programme-section.sbn-html:4:4:", e.Message, StringComparison.Ordinal);
            Assert.Contains("no-such-partial", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_renderer_without_the_report_templates_is_refused_at_start_up()
    {
        var folder = Directory.CreateTempSubdirectory("sr-templates-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "home.sbn-html"), "<p>home</p>");
            var library = TemplateLibrary.Load(folder, [new TemplateModel("home", typeof(object))], ReportRenderer.TemplateFunctions);

            var e = Assert.Throws<InvalidOperationException>(() => new ReportRenderer(library));
            Assert.Contains("reports/highlight-report", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Report_figures_read_the_same_under_any_current_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        var english = Reports.Html(ReportBuilder.Highlight(Reports.Rollup(), Reports.Bury, "workforce-wellbeing", Reports.ComputedAt));
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = Continental();
            System.Globalization.CultureInfo.CurrentUICulture = Continental();

            Assert.Equal(english, Reports.Html(ReportBuilder.Highlight(Reports.Rollup(), Reports.Bury, "workforce-wellbeing", Reports.ComputedAt)));
            Assert.Equal("22 November 2026", Formatting.Date(new DateOnly(2026, 11, 22)));
            Assert.Equal("£234.50", Formatting.Money(234.5m));
            Assert.Equal("12,345.7", Formatting.Number(12345.67m, 1));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    // The app runs with invariant globalization, so no named culture can be loaded: this one writes
    // numbers and dates the continental way, which any culture-sensitive formatting would pick up.
    private static System.Globalization.CultureInfo Continental()
    {
        var culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.CurrencySymbol = "€";
        culture.DateTimeFormat.MonthNames = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", ""];
        culture.DateTimeFormat.MonthGenitiveNames = culture.DateTimeFormat.MonthNames;
        return culture;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var path in Directory.EnumerateFiles(from, "*.sbn-html", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }
    }

    [GeneratedRegex(@"Measure M(\d\d) ")]
    private static partial Regex MeasureRow();
}
