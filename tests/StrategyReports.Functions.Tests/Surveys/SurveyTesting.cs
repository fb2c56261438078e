using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>Keeps every log line the app writes, with its scopes, so a test can search them.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)} | {state} | {exception}");
            provider._scopes.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(scope), line);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            provider.Lines.Enqueue(line.ToString());
        }
    }
}

internal static class SurveyTesting
{
    /// <summary>Both Bury surveys are open on this day (wellbeing-pulse runs 6–31 October 2025).</summary>
    public static readonly DateTimeOffset BothOpen = new(2025, 10, 15, 9, 30, 0, TimeSpan.Zero);

    public static TestClock UseClock(this AppFactory factory, DateTimeOffset now)
    {
        var clock = new TestClock(now);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(clock));
        return clock;
    }

    public static async Task<HttpResponseMessage> PublishAsync(this AppFactory factory, string partnershipId, string yaml)
    {
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        return await admin.PutAsync(
            new Uri($"/api/partnerships/{partnershipId}/strategy", UriKind.Relative),
            new StringContent(yaml, Encoding.UTF8, "application/yaml"));
    }

    /// <summary>Flushes what a Bury survey has staged, as the app does before a release.</summary>
    public static Task<FlushOutcome> FlushAsync(this AppFactory factory, string surveyId, FlushOccasion occasion = FlushOccasion.Releasing) =>
        factory.Services.GetRequiredService<SurveyFlush>().FlushAsync("bury", surveyId, occasion);

    public static async Task PublishBuryAsync(this AppFactory factory)
    {
        var response = await factory.PublishAsync("bury", File.ReadAllText(RepositoryPaths.Combine("strategies", "bury.yaml")));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
