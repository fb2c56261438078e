using System.Text.Json;
using System.Text.Json.Serialization;
using StrategyReports.Functions.Admin;
using StrategyReports.Functions.Audit;
using StrategyReports.Functions.Chasing;
using StrategyReports.Functions.Demo;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Exports;
using StrategyReports.Functions.Health;
using StrategyReports.Functions.Highlights;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Links;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.Functions.Workspace;

namespace StrategyReports.Functions;

/// <summary>
/// The composition root: the cross-cutting parts, then one line per feature folder, and the whole request pipeline
/// in the order a request passes through it.
/// </summary>
public static class StrategyReportsApp
{
    public static WebApplicationBuilder AddStrategyReports(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (services, configuration) = (builder.Services, builder.Configuration);
        // First, since they start startup work (StartupWork) the rest of the setting up runs beside.
        services.AddPages(configuration);
        services.AddStrategyReportsStorage(configuration);
        builder.AddFunctionsHosting();
        builder.AddStrategyReportsTelemetry();
        builder.Logging.AddRequestPathRedaction();
        services.AddProblemHandling();
        // Enums in the API read and write by the kebab-case names strategy documents use (lower-is-better).
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        services.AddStrategyReportsSecurity(configuration, builder.Environment);
        services.AddAudit();
        services.AddApiDescription();

        services.AddHealth();
        services.AddStrategies();
        services.AddLinks();
        services.AddReturns();
        services.AddChasing(configuration);
        services.AddSurveys(configuration, builder.Environment);
        services.AddRollups();
        services.AddHighlights();
        services.AddReports();
        services.AddDemo(configuration);

        services.ReadKeyRingWhenFirstNeeded();
        services.ListenOnceStartupWorkDone();
        return builder;
    }

    public static WebApplication MapStrategyReports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.LogIdentitySources();

        app.UseSecurityHeaders();
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // The audit trail sits outside the exception handler so a request that failed is recorded with the status it got.
        app.UseAuditTrail();
        app.UseExceptionHandler();
        app.UseStatusAnswers();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseSessionForgeryCheck();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapWorkspace();
        app.MapHealth();
        app.MapStrategies();
        app.MapLinks();
        app.MapReturns();
        app.MapChasing();
        app.MapSurveys();
        app.MapRollups();
        app.MapHighlights();
        app.MapReports();
        app.MapExports();
        app.MapAdmin();
        app.MapApiDescription();
        app.MapTimerFunctions();
        return app;
    }
}
