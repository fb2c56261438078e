using System.Text.Json;
using System.Text.Json.Serialization;
using StrategyReports.Functions.Admin;
using StrategyReports.Functions.Apis;
using StrategyReports.Functions.Chasing;
using StrategyReports.Functions.Demo;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Highlights;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Pages;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;

namespace StrategyReports.Functions;

/// <summary>The app's parts, registered and mapped in one place so Program.cs stays a few lines.</summary>
public static class StrategyReportsApp
{
    public static WebApplicationBuilder AddStrategyReports(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (services, configuration) = (builder.Services, builder.Configuration);
        builder.AddFunctionsHosting();
        services.AddProblemHandling();
        // Enums in the API read and write by the kebab-case names strategy documents use (lower-is-better).
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        services.AddStrategyReportsSecurity(configuration, builder.Environment);
        builder.Logging.AddRequestPathRedaction();
        builder.AddStrategyReportsTelemetry();
        services.AddStrategyReportsStorage(configuration);
        services.AddAdmin();
        services.AddPages(configuration);
        services.AddSingleton<StrategyStore>();
        services.AddSingleton<HealthProbe>();
        services.AddSurveys(configuration, builder.Environment);
        services.AddReports();
        services.AddHighlights();
        services.AddReturns(configuration);
        services.AddChasing(configuration);
        services.AddRollups();
        services.AddDemo(configuration);
        services.AddApiDescription();
        services.ReadKeyRingWhenFirstNeeded();
        return builder;
    }

    public static WebApplication MapStrategyReports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStrategyReportsEdge();
        app.UseAuditTrail();
        app.UseProblemHandling();
        app.UseStrategyReportsAccess();
        app.MapPages();
        app.MapPartnershipPage();
        app.MapHealthApi();
        app.MapStrategyApi();
        app.MapSurveys();
        app.MapReports();
        app.MapReturns();
        app.MapChasing();
        app.MapHighlights();
        app.MapProgrammeLogPages();
        app.MapRiskAndMilestonePages();
        app.MapRollupApi();
        app.MapAdminPages();
        app.MapExports();
        app.MapImports();
        app.MapApiDescription();
        app.MapTimerFunctions();
        return app;
    }
}
