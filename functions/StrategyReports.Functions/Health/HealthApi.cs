using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Errors;

namespace StrategyReports.Functions.Health;

/// <summary>Liveness and storage reachability for people and monitors.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealthAsync).WithName("Health").AllowAnonymous();
        return app;
    }

    public sealed record ComponentHealth(string Status, string? Detail);

    public sealed record HealthReport(string Status, string Version, IReadOnlyDictionary<string, ComponentHealth> Checks);

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(HealthProbe probe)
    {
        var checks = await probe.CheckAsync();
        var healthy = checks.Values.All(c => c.Status == "healthy");
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", typeof(HealthApi).Assembly.GetName().Version?.ToString() ?? "unknown", checks);
        return healthy ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>
/// The health report's JSON contract, generated at compile time: a cold instance's first <c>/api/health</c> would
/// otherwise build it by reflection before answering (docs/cold-start.md). The app's JSON options still decide the
/// names and converters, so the answer is the same.
/// </summary>
[JsonSerializable(typeof(HealthApi.HealthReport))]
internal sealed partial class HealthJson : JsonSerializerContext;

/// <summary>
/// Probes storage for <c>/api/health</c>. Anyone may ask, so however many ask, storage is probed at most once
/// per <see cref="CacheFor"/> (callers in between share the last answer), and an answer never carries an
/// exception's message, which could describe the storage account; the log has it.
/// </summary>
public sealed partial class HealthProbe(TableServiceClient tables, BlobServiceClient blobs, TimeProvider time, ILogger<HealthProbe> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private (DateTimeOffset At, Task<IReadOnlyDictionary<string, HealthApi.ComponentHealth>> Checks)? _last;

    public Task<IReadOnlyDictionary<string, HealthApi.ComponentHealth>> CheckAsync()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is not { } last || now - last.At >= CacheFor)
            {
                last = (now, ProbeAllAsync());
                _last = last;
            }

            return last.Checks;
        }
    }

    private async Task<IReadOnlyDictionary<string, HealthApi.ComponentHealth>> ProbeAllAsync()
    {
        var checks = await Task.WhenAll(
            ProbeAsync("tableStorage", ct => tables.GetPropertiesAsync(ct)),
            ProbeAsync("blobStorage", ct => blobs.GetPropertiesAsync(ct)));
        return checks.ToDictionary(c => c.Name, c => c.Health);
    }

    // Not the caller's cancellation: the answer is shared with every caller until the next probe.
    private async Task<(string Name, HealthApi.ComponentHealth Health)> ProbeAsync(string name, Func<CancellationToken, Task> probe)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await probe(timeout.Token);
            return (name, new HealthApi.ComponentHealth("healthy", null));
        }
        catch (OperationCanceledException)
        {
            return (name, new HealthApi.ComponentHealth("unreachable", $"No answer within {ProbeTimeout.TotalSeconds:0} s."));
        }
        catch (Exception e) when (e is Azure.RequestFailedException || StorageFaults.IsUnavailable(e))
        {
            LogProbeFailed(logger, name, e);
            return (name, new HealthApi.ComponentHealth("unreachable", "The probe failed; the app's log has the error."));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health probe of {Component} failed")]
    private static partial void LogProbeFailed(ILogger logger, string component, Exception exception);
}
