using StrategyReports.Functions.Hosting;
using StrategyReports.Reports;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Layout;

public static class PageSetup
{
    /// <summary>
    /// Starts the check of every template (<see cref="TemplateLibrary.Load"/>, and the report renderer's check that its templates
    /// exist) and the reading of the static assets as startup work: a broken template stops the app at start-up with its file, line
    /// and column, rather than failing a page or a report later.
    /// </summary>
    public static IServiceCollection AddPages(this IServiceCollection services, IConfiguration configuration)
    {
        var root = configuration["Templates:Root"] ?? Path.Combine(AppContext.BaseDirectory, "templates");
        var templates = services.StartNow(() =>
        {
            var library = TemplateLibrary.Load(root, [.. PageRenderer.Templates, .. ReportRenderer.Templates], ReportRenderer.TemplateFunctions);
            return (Library: library, Reports: new ReportRenderer(library));
        });
        services.AddSingleton(provider => templates(provider).Library);
        services.AddSingleton(provider => templates(provider).Reports);
        services.AddSingleton(services.StartNow(() => new StaticAssets(Path.Combine(AppContext.BaseDirectory, "static"))));
        services.AddSingleton<PageRenderer>();
        return services;
    }
}
