using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Templating;
using StrategyReports.TestSupport;

namespace StrategyReports.Reports.Tests;

/// <summary>The Bury strategy, a realistic rollup of it, and the real templates.</summary>
internal static class Reports
{
    public static readonly Period Period = Period.Parse("2026-27-Q2");
    public static readonly DateTimeOffset ComputedAt = new(2026, 10, 31, 2, 41, 7, TimeSpan.Zero);

    private static readonly Lazy<Strategy> BuryLazy = new(() => SampleRollups.Strategy("bury"));
    private static readonly Lazy<TemplateLibrary> TemplatesLazy = new(() => TemplateLibrary.Load(RepositoryPaths.Combine("templates"), ReportRenderer.Templates, ReportRenderer.TemplateFunctions));

    public static Strategy Bury => BuryLazy.Value;

    public static TemplateLibrary Templates => TemplatesLazy.Value;

    public static ReportRenderer Renderer => new(Templates);

    public static PartnershipRollup Rollup(bool sampleData = true) => SampleRollups.Build(Bury, Period, sampleData: sampleData);

    public static string Html(HighlightReport report) => System.Text.Encoding.UTF8.GetString(Renderer.Html(report));

    public static string Html(BoardPack pack) => System.Text.Encoding.UTF8.GetString(Renderer.Html(pack));
}
