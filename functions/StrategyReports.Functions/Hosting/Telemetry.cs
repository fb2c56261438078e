using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Traces, metrics and logs through OpenTelemetry: to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is,
/// and nowhere when neither is. One trace per request or timer run, with a span per storage call, and counters of
/// what the partnership's users did. No personal data: addresses are cut back before export (a personal link's
/// token, a table row's keys), and no span, counter or log carries an answer, a narrative, a name or a code.
/// </summary>
public static class Telemetry
{
    public const string SourceName = "StrategyReports";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    public static readonly Counter<long> ReturnsSubmitted = Meter.CreateCounter<long>("strategyreports.returns.submitted", "{return}", "Quarterly return versions stored, through the API, the form or an import.");

    public static readonly Counter<long> SurveyResponses = Meter.CreateCounter<long>("strategyreports.survey.responses", "{response}", "Pulse survey responses taken in.");

    public static readonly Counter<long> RollupsCompleted = Meter.CreateCounter<long>("strategyreports.rollups.completed", "{rollup}", "Rollup runs that stored a new version.");

    public static readonly Counter<long> ReportsGenerated = Meter.CreateCounter<long>("strategyreports.reports.generated", "{report}", "Highlight reports and board packs written to storage.");

    public static readonly Counter<long> TimerRuns = Meter.CreateCounter<long>("strategyreports.timer.runs", "{run}", "Timer function runs, by function and outcome.");

    // Where the address of a request or a storage call is kept, by semantic-convention version.
    private static readonly string[] AddressTags = ["url.full", "http.url", "url.path", "http.target"];

    public static WebApplicationBuilder AddStrategyReportsTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var applicationInsights = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrEmpty(applicationInsights) && string.IsNullOrEmpty(otlp))
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry();
        if (!string.IsNullOrEmpty(applicationInsights))
        {
            // Request, dependency (storage, through the Azure SDK's own spans), log and metric collection come with it.
            telemetry.UseAzureMonitor(options => options.ConnectionString = applicationInsights);
        }
        else
        {
            AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
            telemetry
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource("Azure.*").AddOtlpExporter())
                .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddOtlpExporter())
                .WithLogging(logging => logging.AddOtlpExporter());
        }

        telemetry
            .WithTracing(tracing => tracing.AddSource(SourceName).AddProcessor(new AddressRedaction()))
            .WithMetrics(metrics => metrics.AddMeter(SourceName));
        builder.Services.Configure<OpenTelemetryLoggerOptions>(options => options.IncludeFormattedMessage = true);
        return builder;
    }

    /// <summary>
    /// An address as it may leave the app: a page's path with a personal link's token masked, and a storage call's
    /// address cut to its account and table or container, since keys name partners, periods and survey codes.
    /// </summary>
    public static string Redact(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith('/') || !Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return RequestLogRedaction.Redact(new PathString(address.Split('?')[0]));
        }

        // devstoreaccount1/returns(PartitionKey='…',RowKey='…') or /container/blob/name: account (Azurite) and table or container.
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = segments.Take(uri.IsLoopback ? 2 : 1).Select(segment => segment.Split('(')[0]);
        return $"{uri.Scheme}://{uri.Authority}/{string.Join('/', kept)}";
    }

    private sealed class AddressRedaction : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            foreach (var tag in AddressTags)
            {
                if (data.GetTagItem(tag) is string address)
                {
                    data.SetTag(tag, Redact(address));
                }
            }

            data.SetTag("url.query", null);
        }
    }
}
