using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Tests.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Hosting;

/// <summary>What the app exports to an operator's telemetry, read back through OpenTelemetry's in-memory exporters.</summary>
public sealed class TelemetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Narrative = "Narrative-7f3a9 about Ward 4";
    private const string SubmittedBy = "Priya Secretname";
    private const string Comment = "Comment-c81d2 my manager never listens";

    [Fact]
    public async Task Requests_storage_calls_and_timer_runs_are_traced_and_counted_with_no_token_answer_narrative_or_name_in_them()
    {
        var recordedSpans = new List<Activity>();
        var metrics = new List<Metric>();
        var recordedLogs = new List<LogRecord>();
        using var factory = new AppFactory(azurite);
        // Nothing listens there: the in-memory copies beside the OTLP exporter are what the test reads.
        factory.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        factory.UseClock(SurveyTesting.BothOpen);
        factory.TestServices.Add(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(recordedSpans));
            services.ConfigureOpenTelemetryMeterProvider(metering => metering.AddInMemoryExporter(metrics));
            services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(recordedLogs));
        });
        await factory.PublishBuryAsync();
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        var link = await admin.PostAsJsonAsync(new Uri("/api/partnerships/bury/links", UriKind.Relative), new { partner = "nca", expiresInDays = 30 });
        var linkPath = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var token = linkPath["/r/".Length..];
        using var browser = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(linkPath, UriKind.Relative))).StatusCode);

        using var body = new StringContent(JsonSerializer.Serialize(new { values = new { }, narrative = new { achievements = Narrative }, submittedBy = SubmittedBy }), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync(new Uri("/api/partnerships/bury/returns/2025-26-Q2/nca", UriKind.Relative), body)).StatusCode);

        var response = await browser.PostAsJsonAsync(new Uri("/api/surveys/wellbeing-pulse/responses", UriKind.Relative), new
        {
            partner = "nca",
            answers = new Dictionary<string, object> { ["wellbeing-supported"] = 4, ["wellbeing-conversation"] = 4, ["wellbeing-resources"] = 4, ["inclusive-manager"] = 4, ["recommend-place-to-work"] = 9, ["one-change"] = Comment },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var timers = factory.Services.GetRequiredService<TimerFunctionRunner>();
        await timers.RunAsync("RollupWhileReturnsOpen", Guid.NewGuid().ToString(), new TimerInfo(null, null, IsPastDue: false), CancellationToken.None);

        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        factory.Services.GetRequiredService<LoggerProvider>().ForceFlush();

        // The listener is process-wide: other tests' apps, and this app's own storage warm-up, may still be adding spans
        // and logs while the test reads them, so it reads copies (a copy taken during an add may end in an empty slot).
        var spans = recordedSpans.ToArray().OfType<Activity>().ToList();
        var logs = recordedLogs.ToArray().OfType<LogRecord>().ToList();

        // One trace per request, and the timer run's own.
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") is "/r/{token}");
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") is "/api/surveys/{surveyId}/responses");
        var timer = Assert.Single(spans, s => s.Source.Name == Telemetry.SourceName && s.DisplayName == "timer RollupWhileReturnsOpen");
        Assert.Null(timer.ParentId);

        // Storage calls are spans inside the request that made them. (The listener is process-wide, so other tests'
        // apps running alongside may add spans of their own: the test asks only that nesting holds.)
        Assert.Contains(spans, storage => storage.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)
            && spans.Any(request => request.Kind == ActivityKind.Server && request.TraceId == storage.TraceId));

        Assert.True(Total(metrics, "strategyreports.returns.submitted") >= 1);
        Assert.True(Total(metrics, "strategyreports.survey.responses") >= 1);
        Assert.True(Total(metrics, "strategyreports.timer.runs") >= 1);

        var exported = new StringBuilder();
        foreach (var span in spans)
        {
            exported.AppendLine(span.DisplayName).AppendLine(span.StatusDescription);
            foreach (var (key, value) in span.TagObjects)
            {
                exported.Append(key).Append('=').AppendLine(value?.ToString());
            }

            foreach (var e in span.Events)
            {
                exported.AppendLine(e.Name).AppendLine(string.Join(" ", e.Tags.Select(t => $"{t.Key}={t.Value}")));
            }
        }

        foreach (var log in logs)
        {
            exported.AppendLine(log.FormattedMessage).AppendLine(log.Body).AppendLine(log.Exception?.ToString());
            foreach (var (key, value) in log.Attributes ?? [])
            {
                exported.Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        var text = exported.ToString();
        Assert.Contains("/r/[token]", text, StringComparison.Ordinal);
        foreach (var secret in new[] { token, Narrative, SubmittedBy, Comment, "PartitionKey", "RowKey" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/r/abc.def", "/r/[token]")]
    [InlineData("/api/surveys/s/responses?code=123", "/api/surveys/s/responses")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/surveycodes(PartitionKey='bury',RowKey='X7Q')?$select=a", "http://127.0.0.1:10002/devstoreaccount1/surveycodes")]
    [InlineData("https://acct.table.core.windows.net/returns(PartitionKey='bury%7C2026-27-Q2',RowKey='latest%7Cnca')", "https://acct.table.core.windows.net/returns")]
    [InlineData("https://acct.blob.core.windows.net/reports/bury/2026-27-Q2/pack.pdf?sig=abc", "https://acct.blob.core.windows.net/reports")]
    public void Addresses_are_cut_back_to_what_names_no_one(string address, string exported) =>
        Assert.Equal(exported, Telemetry.Redact(address));

    private static long Total(List<Metric> metrics, string name) =>
        metrics.Where(m => m.Name == name).Sum(m =>
        {
            long sum = 0;
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                sum += point.GetSumLong();
            }

            return sum;
        });
}
