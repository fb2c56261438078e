using StrategyReports.Reports;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Layout;

public static class PageSetup
{
    /// <summary>
    /// Loads and checks every template (<see cref="TemplateCheck"/>): a broken template stops the app at start-up with
    /// its file, line and column, before the server listens, rather than failing a page or a report later.
    /// </summary>
    public static IServiceCollection AddPages(this IServiceCollection services, IConfiguration configuration)
    {
        var root = configuration["Templates:Root"] ?? Path.Combine(AppContext.BaseDirectory, "templates");
        services.AddSingleton(new TemplateCheck(root));
        services.AddHostedService(provider => provider.GetRequiredService<TemplateCheck>());
        services.AddSingleton(provider => provider.GetRequiredService<TemplateCheck>().Templates);
        services.AddSingleton(provider => provider.GetRequiredService<TemplateCheck>().Reports);
        services.AddSingleton(new StaticAssets(Path.Combine(AppContext.BaseDirectory, "static")));
        services.AddSingleton<PageRenderer>();
        return services;
    }
}

/// <summary>
/// Parses and checks every template on a thread of its own from the moment the app is set up, beside the rest of its
/// start (about 40 ms a cold start no longer waits for, where a second core is free: docs/cold-start.md). It is a hosted
/// service, and those start before the server: the server does not listen until the check has passed, and a broken
/// template, or a missing report template, stops the start with the check's error as it did when it ran in line.
/// </summary>
public sealed class TemplateCheck : IHostedService
{
    private readonly Task<(TemplateLibrary Templates, ReportRenderer Reports)> _checking;

    public TemplateCheck(string root) =>
        _checking = Task.Run(() =>
        {
            var templates = TemplateLibrary.Load(root, [.. PageRenderer.Templates, .. ReportRenderer.Templates], ReportRenderer.TemplateFunctions);

            // Building the renderer stops the start when a report template is missing.
            return (templates, new ReportRenderer(templates));
        });

    /// <summary>The checked templates; nothing asks for them before the server listens, by which time the check has passed.</summary>
    public TemplateLibrary Templates => _checking.GetAwaiter().GetResult().Templates;

    public ReportRenderer Reports => _checking.GetAwaiter().GetResult().Reports;

    public Task StartAsync(CancellationToken cancellationToken) => _checking.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
