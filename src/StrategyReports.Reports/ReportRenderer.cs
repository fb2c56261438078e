using StrategyReports.Domain;
using StrategyReports.Pdf;
using StrategyReports.Templating;

namespace StrategyReports.Reports;

/// <summary>
/// Renders the report view models as standalone HTML pages (the <c>reports/</c> templates) and as
/// PDF. Both are pure functions of the view model: the same report gives the same bytes.
/// </summary>
public sealed class ReportRenderer
{
    public const string HighlightTemplate = "reports/highlight-report";
    public const string BoardPackTemplate = "reports/board-pack";

    private readonly TemplateLibrary _templates;

    /// <summary>The report templates and the view models they render, for <see cref="TemplateLibrary.Load"/>.</summary>
    public static IReadOnlyList<TemplateModel> Templates { get; } =
    [
        new(HighlightTemplate, typeof(HighlightReport)),
        new(BoardPackTemplate, typeof(BoardPack)),
    ];

    /// <summary>The formatting functions templates may call, by name: they are <see cref="Formatting"/>'s, so a page reads figures as a report does.</summary>
    public static IReadOnlyDictionary<string, TemplateFunction> TemplateFunctions { get; } = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["format_number"] = TemplateFunction.Of<decimal, string>(value => Formatting.Number(value, 0)),
        ["format_date"] = TemplateFunction.Of<DateOnly, string>(Formatting.Date),
    };

    /// <exception cref="InvalidOperationException">The library lacks a report template.</exception>
    public ReportRenderer(TemplateLibrary templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        foreach (var name in new[] { HighlightTemplate, BoardPackTemplate })
        {
            if (!templates.Contains(name))
            {
                throw new InvalidOperationException($"The templates have no '{name}{TemplatesFolderLoader.Extension}'; reports cannot be rendered.");
            }
        }

        _templates = templates;
    }

    /// <summary>What the manifest records as the template version.</summary>
    public string TemplateVersion => _templates.Version;

    public byte[] Html(HighlightReport report) => _templates.RenderUtf8(HighlightTemplate, report);

    public byte[] Html(BoardPack pack) => _templates.RenderUtf8(BoardPackTemplate, pack);

    public static byte[] Pdf(HighlightReport report) => PdfRenderer.Render(new HighlightReportDocument(report));

    public static byte[] Pdf(BoardPack pack) => PdfRenderer.Render(new BoardPackDocument(pack));
}
