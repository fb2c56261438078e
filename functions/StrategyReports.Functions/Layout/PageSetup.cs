using StrategyReports.Reports;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Layout;

public static class PageSetup
{
    /// <summary>
    /// Loads and checks every template now: a broken template stops the app at start-up with its
    /// file, line and column, rather than failing a page or a report later.
    /// </summary>
    public static IServiceCollection AddPages(this IServiceCollection services, IConfiguration configuration)
    {
        var root = configuration["Templates:Root"] ?? Path.Combine(AppContext.BaseDirectory, "templates");
        var templates = TemplateLibrary.Load(root, [.. PageRenderer.Templates, .. ReportRenderer.Templates], ReportRenderer.TemplateFunctions);
        services.AddSingleton(templates);

        // Reports render from the same library; building the renderer now stops start-up when a report template is missing.
        services.AddSingleton(new ReportRenderer(templates));
        services.AddSingleton(new StaticAssets(Path.Combine(AppContext.BaseDirectory, "static")));
        services.AddSingleton<PageRenderer>();
        return services;
    }
}
