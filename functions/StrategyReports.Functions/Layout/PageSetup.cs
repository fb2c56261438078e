using StrategyReports.Functions.Hosting;
using StrategyReports.Reports;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Layout;

public static class PageSetup
{
    /// <summary>The argument that makes the app check its templates, keep the result beside them and exit (scripts/publish).</summary>
    public const string CheckTemplatesCommand = "--check-templates";

    // Beside the templates it vouches for: a Templates:Root elsewhere has none, and is checked in full.
    private const string CheckedAsFile = ".checked";

    /// <summary>
    /// Starts the check of every template (<see cref="TemplateLibrary.Load"/>, and the report renderer's check that its templates
    /// exist) and the reading of the static assets as startup work: a broken template stops the app at start-up with its file, line
    /// and column, rather than failing a page or a report later. A package checked its templates against its models when it was
    /// built (<see cref="CheckTemplates"/>); while they are unchanged its starts skip that part of the check (docs/cold-start.md).
    /// </summary>
    public static IServiceCollection AddPages(this IServiceCollection services, IConfiguration configuration)
    {
        var root = configuration["Templates:Root"] ?? DefaultRoot;
        var templates = services.StartNow(() =>
        {
            var checkedAs = Path.Combine(root, CheckedAsFile);
            var library = Load(root, File.Exists(checkedAs) ? File.ReadAllText(checkedAs).Trim() : null);
            return (Library: library, Reports: new ReportRenderer(library));
        });
        services.AddSingleton(provider => templates(provider).Library);
        services.AddSingleton(provider => templates(provider).Reports);
        services.AddSingleton(services.StartNow(() => new StaticAssets(Path.Combine(AppContext.BaseDirectory, "static"))));
        services.AddSingleton<PageRenderer>();
        return services;
    }

    /// <summary>Checks the package's templates in full against its models and keeps what was checked beside them.</summary>
    /// <exception cref="TemplateException">A template is broken.</exception>
    public static void CheckTemplates()
    {
        var library = Load(DefaultRoot, checkedAs: null);
        _ = new ReportRenderer(library);
        File.WriteAllText(Path.Combine(DefaultRoot, CheckedAsFile), library.CheckedAs);
    }

    private static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "templates");

    private static TemplateLibrary Load(string root, string? checkedAs) =>
        TemplateLibrary.Load(root, [.. PageRenderer.Templates, .. ReportRenderer.Templates], ReportRenderer.TemplateFunctions, checkedAs);
}
