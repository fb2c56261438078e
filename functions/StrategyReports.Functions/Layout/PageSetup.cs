namespace StrategyReports.Functions.Layout;

public static class PageSetup
{
    /// <summary>
    /// Starts the check of every template (<see cref="TemplateCheck"/>): a broken template stops the app at start-up with its
    /// file, line and column, rather than failing a page or a report later.
    /// </summary>
    public static IServiceCollection AddPages(this IServiceCollection services, IConfiguration configuration)
    {
        var check = new TemplateCheck(configuration["Templates:Root"] ?? Path.Combine(AppContext.BaseDirectory, "templates"));
        services.AddSingleton(check);
        services.AddSingleton(_ => check.Library);
        services.AddSingleton(_ => check.Reports);
        services.AddSingleton(new StaticAssets(Path.Combine(AppContext.BaseDirectory, "static")));
        services.AddSingleton<PageRenderer>();
        return services;
    }

    /// <summary>
    /// Waits for the template check before the server listens. Registered after every other hosted service, since they start one after
    /// another on the main thread before the server: the check runs beside all of them.
    /// </summary>
    public static IServiceCollection ListenOnceTemplatesChecked(this IServiceCollection services) =>
        services.AddHostedService(provider => provider.GetRequiredService<TemplateCheck>());
}
