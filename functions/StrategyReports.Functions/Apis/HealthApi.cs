using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Errors;

namespace StrategyReports.Functions.Apis;

/// <summary>Liveness and storage reachability for people and monitors.</summary>
public static class HealthApi
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealthAsync).WithName("Health").AllowAnonymous();
        return app;
    }

    public sealed record ComponentHealth(string Status, string? Detail);

    public sealed record HealthReport(string Status, string Version, IReadOnlyDictionary<string, ComponentHealth> Checks);

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(
        TableServiceClient tables, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(
            ProbeAsync("tableStorage", ct => tables.GetPropertiesAsync(ct), cancellationToken),
            ProbeAsync("blobStorage", ct => blobs.GetPropertiesAsync(ct), cancellationToken));
        var healthy = checks.All(c => c.Health.Status == "healthy");
        var report = new HealthReport(
            healthy ? "healthy" : "unhealthy",
            typeof(HealthApi).Assembly.GetName().Version?.ToString() ?? "unknown",
            checks.ToDictionary(c => c.Name, c => c.Health));
        return healthy ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<(string Name, ComponentHealth Health)> ProbeAsync(string name, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe(timeout.Token);
            return (name, new ComponentHealth("healthy", null));
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException || StorageFaults.IsUnavailable(e))
        {
            return (name, new ComponentHealth("unreachable", e is OperationCanceledException ? $"No answer within {ProbeTimeout.TotalSeconds:0} s." : e.Message));
        }
    }
}
