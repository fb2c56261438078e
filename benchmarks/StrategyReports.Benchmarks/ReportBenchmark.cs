using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StrategyReports.Domain.Periods;
using StrategyReports.Reports;
using StrategyReports.Templating;
using StrategyReports.TestSupport;

namespace StrategyReports.Benchmarks;

/// <summary>
/// Rendering time of a whole partnership's reports (<c>--reports</c>): the Bury demo strategy's
/// rollup, every programme's highlight report and every assurance group's board pack, as HTML and
/// PDF. Each document is rendered in rounds after a warm-up; the median per document and per PDF
/// page is reported, since the machine is shared and single runs are noisy.
/// </summary>
internal static partial class ReportBenchmark
{
    public static void Run(string[] args)
    {
        var rounds = Argument(args, "--rounds", 15);
        var strategy = SampleRollups.Strategy("bury");
        var period = Period.Parse("2026-27-Q2");
        var computedAt = new DateTimeOffset(2026, 10, 31, 2, 41, 0, TimeSpan.Zero);

        var load = Stopwatch.StartNew();
        var templates = TemplateLibrary.Load(RepositoryPaths.Combine("templates"), ReportRenderer.Templates, ReportRenderer.TemplateFunctions);
        var renderer = new ReportRenderer(templates);
        load.Stop();
        var rollup = SampleRollups.Build(strategy, period);

        var documents = new List<(string Name, Func<byte[]> Html, Func<byte[]> Pdf)>();
        foreach (var group in rollup.AssuranceGroups.Where(g => g.ProgrammeIds.Count > 0))
        {
            documents.Add(($"Board pack: {group.Name}", () => renderer.Html(ReportBuilder.Pack(rollup, strategy, group.AssuranceGroupId, computedAt)), () => ReportRenderer.Pdf(ReportBuilder.Pack(rollup, strategy, group.AssuranceGroupId, computedAt))));
        }

        foreach (var programme in rollup.Programmes)
        {
            documents.Add(($"Highlight: {programme.Name}", () => renderer.Html(ReportBuilder.Highlight(rollup, strategy, programme.ProgrammeId, computedAt)), () => ReportRenderer.Pdf(ReportBuilder.Highlight(rollup, strategy, programme.ProgrammeId, computedAt))));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Templates loaded and checked in {load.Elapsed.TotalMilliseconds:0} ms; {documents.Count} documents, {rounds} rounds after 2 warm-ups; medians.\n"));
        Console.WriteLine("| Document | HTML ms | HTML KB | PDF ms | PDF pages | PDF ms per page | PDF KB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        double totalHtml = 0, totalPdf = 0;
        var totalPages = 0;
        foreach (var (name, html, pdf) in documents)
        {
            var (htmlMs, htmlBytes) = Time(html, rounds);
            var (pdfMs, pdfBytes) = Time(pdf, rounds);
            var pages = PageObject().Count(System.Text.Encoding.Latin1.GetString(pdfBytes));
            totalHtml += htmlMs;
            totalPdf += pdfMs;
            totalPages += pages;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {htmlMs:0.0} | {htmlBytes.Length / 1024.0:0} | {pdfMs:0.0} | {pages} | {pdfMs / pages:0.0} | {pdfBytes.Length / 1024.0:0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **All {documents.Count} documents** | {totalHtml:0.0} | | {totalPdf:0.0} | {totalPages} | {totalPdf / totalPages:0.0} | |"));
    }

    private static (double Milliseconds, byte[] Output) Time(Func<byte[]> render, int rounds)
    {
        var output = render();
        render();
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            output = render();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], output);
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    // Page objects only: "/Type /Pages" (the page tree) does not match.
    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();
}
