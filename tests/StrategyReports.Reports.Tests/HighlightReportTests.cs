using System.Text.RegularExpressions;
using StrategyReports.Domain;
using StrategyReports.Domain.Rollups;
using StrategyReports.TestSupport;

namespace StrategyReports.Reports.Tests;

public sealed partial class HighlightReportTests
{
    private static HighlightReport Wellbeing(PartnershipRollup? rollup = null) =>
        ReportBuilder.Highlight(rollup ?? Reports.Rollup(), Reports.Bury, "workforce-wellbeing", Reports.ComputedAt);

    private static MeasureRollup MeasureOf(PartnershipRollup rollup, string id) =>
        rollup.Programmes.SelectMany(p => p.Measures).Single(m => m.MeasureId == id);

    [Fact]
    public void The_pdf_reads_back_with_the_figures_targets_and_rag_labels_of_every_measure()
    {
        var rollup = Reports.Rollup();
        var report = Wellbeing(rollup);
        var text = Poppler.FlowText(ReportRenderer.Pdf(report));

        var programme = rollup.Programmes.Single(p => p.ProgrammeId == "workforce-wellbeing");
        Assert.Contains("Workforce Wellbeing highlight report", text, StringComparison.Ordinal);
        foreach (var measure in report.Programme.Measures)
        {
            Assert.Contains(measure.Actual, text, StringComparison.Ordinal);
            Assert.Contains(measure.Target, text, StringComparison.Ordinal);
            Assert.Contains(measure.Rag.Label, text, StringComparison.Ordinal);
        }

        // The figures are the rollup's, formatted by unit.
        var spend = MeasureOf(rollup, "bank-agency-spend");
        Assert.Contains(Formatting.Money(spend.Value!.Value), text, StringComparison.Ordinal);
        var sickness = MeasureOf(rollup, "sickness-absence");
        Assert.Contains(Formatting.Number(sickness.Value!.Value, 1) + "%", text, StringComparison.Ordinal);
        var resources = MeasureOf(rollup, "wellbeing-resources-available");
        Assert.Contains($"{resources.YesCount} of {resources.Contributors.Count} partners", text, StringComparison.Ordinal);
        Assert.Contains(Formatting.RagName(programme.OverallRag), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Amber_and_red_measures_show_the_gap_to_target_in_words_and_green_ones_none()
    {
        var report = Wellbeing();

        Assert.All(report.Programme.Measures, measure =>
        {
            if (measure.Rag.Rating is Rag.Amber or Rag.Red)
            {
                Assert.Matches("(above|below) target$", measure.Gap);
            }
            else
            {
                Assert.Equal(string.Empty, measure.Gap);
            }
        });
        Assert.Contains(report.Programme.Measures, m => m.Rag.Rating is Rag.Amber or Rag.Red);
    }

    [Fact]
    public void The_pdf_has_a_header_and_footer_with_partnership_programme_period_and_page_x_of_y_on_every_page()
    {
        var pages = Poppler.PageTexts(ReportRenderer.Pdf(Wellbeing()));

        Assert.True(pages.Count >= 2, $"{pages.Count} pages");
        for (var i = 0; i < pages.Count; i++)
        {
            var page = Normalise(pages[i]);
            Assert.Contains("Bury Locality One Workforce Strategy", page, StringComparison.Ordinal);
            Assert.Contains("Workforce Wellbeing", page, StringComparison.Ordinal);
            Assert.Contains("2026-27 Q2 (July to September 2026)", page, StringComparison.Ordinal);
            Assert.Contains($"Page {i + 1} of {pages.Count}", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_pdf_sets_title_author_language_and_embeds_its_fonts()
    {
        var pdf = ReportRenderer.Pdf(Wellbeing());

        var info = Poppler.Info(pdf);
        Assert.Equal("Workforce Wellbeing highlight report: Bury Locality One Workforce Strategy, 2026-27 Q2 (July to September 2026)", info["Title"]);
        Assert.Equal("Bury Locality One Workforce Strategy", info["Author"]);
        Assert.Contains("/Lang(en-GB)", System.Text.Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        var fonts = Poppler.Fonts(pdf).Split('\n').Skip(2).Where(line => line.Length > 0).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line => Assert.Matches(@"\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", line));
    }

    [Fact]
    public void Missing_partners_are_named_and_completeness_counted()
    {
        var report = Wellbeing();
        var text = Poppler.FlowText(ReportRenderer.Pdf(report));
        var html = Reports.Html(report);

        var missing = Reports.Bury.Partners[^1].Name;
        Assert.Equal([missing], report.Programme.Completeness.Missing);
        Assert.Contains(missing, text, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(missing), html, StringComparison.Ordinal);
        Assert.Contains(report.Programme.Completeness.Summary, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suppressed_survey_measure_and_group_show_the_notice_and_never_a_figure_or_free_text()
    {
        var rollup = Reports.Rollup();
        var programme = rollup.Programmes.Single(p => p.ProgrammeId == "workforce-wellbeing");

        // The figure is left in the rollup on purpose: the report must ignore it, not rely on its absence.
        var leaked = MeasureOf(rollup, "wellbeing-culture-score") with
        {
            IsSuppressed = true,
            Value = 9.87m,
            Change = 2.34m,
            Gap = -7.77m,
            Rag = Rag.Red,
            Trend = [.. MeasureOf(rollup, "wellbeing-culture-score").Trend.SkipLast(1), new TrendPoint(Reports.Period, 9.87m)],
        };
        var changed = programme with { Measures = [.. programme.Measures.Select(m => m.MeasureId == leaked.MeasureId ? leaked : m)] };
        rollup = rollup with { Programmes = [.. rollup.Programmes.Select(p => p.ProgrammeId == changed.ProgrammeId ? changed : p)] };
        var report = Wellbeing(rollup);

        var shown = report.Programme.Measures.Single(m => m.MeasureId == leaked.MeasureId);
        Assert.Equal(("Fewer than 11 responses: not shown", "Grey: not shown", "", ""), (shown.Actual, shown.Rag.Label, shown.Gap, shown.Change));

        var voice = Assert.Single(programme.StaffVoice);
        var hidden = voice.Results.Partners.Where(g => !g.IsShown).Select(g => g.Name).ToList();
        Assert.NotEmpty(hidden);

        var html = Reports.Html(report);
        var text = Poppler.FlowText(ReportRenderer.Pdf(report));
        foreach (var output in new[] { html, text })
        {
            Assert.Contains("Fewer than 11 responses: not shown", output, StringComparison.Ordinal);
            Assert.DoesNotContain(SampleRollups.SuppressedComment, output, StringComparison.Ordinal);
            Assert.DoesNotContain("9.87", output, StringComparison.Ordinal);
            Assert.DoesNotContain("9.9 out of 10", output, StringComparison.Ordinal);
            Assert.DoesNotContain("+2.3", output, StringComparison.Ordinal);
            Assert.DoesNotContain("7.8 below", output, StringComparison.Ordinal);
        }

        // A hidden group's row holds its name and the notice, and nothing else: not even its response count.
        foreach (var name in hidden)
        {
            var row = Regex.Match(html, $"<tr>\\s*<th scope=\"row\">{Regex.Escape(System.Net.WebUtility.HtmlEncode(name))}</th>(.*?)</tr>", RegexOptions.Singleline);
            Assert.True(row.Success, name);
            Assert.Matches(@"^\s*<td class=""notice"" colspan=""\d+"">Fewer than 11 responses: not shown</td>\s*$", row.Groups[1].Value);
        }
    }

    [Fact]
    public void Shown_groups_show_their_figures_and_comments()
    {
        var report = Wellbeing();
        var voice = Assert.Single(report.Programme.StaffVoice);

        var overall = voice.Groups[0];
        Assert.True(overall.IsShown);
        Assert.Contains(overall.Responses, Reports.Html(report), StringComparison.Ordinal);
        Assert.NotEmpty(voice.Comments);
        Assert.Contains(voice.Comments[0].Answers[0], Poppler.FlowText(ReportRenderer.Pdf(report)), StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_data_is_labelled_in_html_and_pdf_and_only_when_the_rollup_used_it()
    {
        var sample = Wellbeing(Reports.Rollup(sampleData: true));
        var real = Wellbeing(Reports.Rollup(sampleData: false));

        Assert.Contains("class=\"sample-banner\"", Reports.Html(sample), StringComparison.Ordinal);
        Assert.Contains("Sample data:", Poppler.FlowText(ReportRenderer.Pdf(sample)), StringComparison.Ordinal);
        Assert.DoesNotContain("sample-banner\"", Reports.Html(real), StringComparison.Ordinal);
        Assert.DoesNotContain("Sample data", Poppler.FlowText(ReportRenderer.Pdf(real)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Two_renders_of_the_same_rollup_are_byte_identical_in_html_and_pdf()
    {
        var first = Wellbeing(Reports.Rollup());
        var second = Wellbeing(Reports.Rollup());

        Assert.Equal(Reports.Renderer.Html(first), Reports.Renderer.Html(second));
        Assert.Equal(ReportRenderer.Pdf(first), ReportRenderer.Pdf(second));
    }

    [Fact]
    public void The_generated_time_is_the_rollups_computed_at_in_uk_time()
    {
        var report = Wellbeing();

        // 02:41 UTC on 31 October 2026 is 02:41 GMT (summer time ended on the 25th).
        Assert.Equal("31 October 2026 at 02:41", report.Header.GeneratedAt);
        Assert.Contains("31 October 2026 at 02:41", Reports.Html(report), StringComparison.Ordinal);
        Assert.Equal("Sat Oct 31 02:41:07 2026 UTC", Poppler.Info(ReportRenderer.Pdf(report))["CreationDate"]);
    }

    [Fact]
    public void An_unknown_programme_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => ReportBuilder.Highlight(Reports.Rollup(), Reports.Bury, "no-such", Reports.ComputedAt));
        Assert.Contains("no-such", e.Message, StringComparison.Ordinal);
    }

    internal static string Normalise(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
