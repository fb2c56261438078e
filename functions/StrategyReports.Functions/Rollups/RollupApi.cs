using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Rollups;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Rollups;

/// <summary>Running a partnership's rollup for a period now, and reading the stored one.</summary>
public static class RollupApi
{
    public static IEndpointRouteBuilder MapRollupApi(this IEndpointRouteBuilder app)
    {
        var rollups = app.MapGroup("/api/partnerships/{partnershipId}/rollups/{period}");
        rollups.MapPost("", RunAsync).WithName("RunRollup").RequireAuthorization(Policies.Admin);
        rollups.MapGet("", GetAsync).WithName("GetRollup").RequireAuthorization(Policies.LeadOrAdmin);
        return app;
    }

    /// <param name="Changed">False when the inputs were unchanged since the stored version, so nothing was recomputed.</param>
    public sealed record RunResult(string PartnershipId, string Period, int Version, bool Changed, string InputFingerprint);

    /// <summary>Runs the rollup now, as the timers do; 409 while another run of the same period holds the lease.</summary>
    public static async Task<Ok<RunResult>> RunAsync(string partnershipId, string period, ClaimsPrincipal user, RollupService rollups, CancellationToken cancellationToken)
    {
        var run = await rollups.RunAsync(user, partnershipId, period, cancellationToken);
        return TypedResults.Ok(new RunResult(partnershipId, RouteValues.RequirePeriod(period).Id, run.Version!.Value, run.DidWork, run.InputFingerprint!));
    }

    /// <summary>
    /// <c>{"version", "computedAt", "rollup"}</c> with the rollup in its stored form (<see cref="RollupJson"/>:
    /// enums by kebab-case names, decimals to four places); 404 before the first run. A lead limited to some
    /// programmes sees only those.
    /// </summary>
    public static async Task<IResult> GetAsync(
        string partnershipId, string period, ClaimsPrincipal user, StrategyStore strategies, IRollupReader reader, CancellationToken cancellationToken)
    {
        RouteValues.RequireId(partnershipId, "partnership");
        user.RequireReaderOf(partnershipId);

        var quarter = RouteValues.RequirePeriod(period);
        var stored = await reader.GetAsync(partnershipId, quarter, cancellationToken);
        if (stored is null)
        {
            // Say what is unknown: the partnership, a period outside its strategy, or only the rollup, not yet run.
            await RollupService.RequireCoveredAsync(strategies, partnershipId, quarter, cancellationToken);
            throw new NotFoundException("rollup", $"{partnershipId} {quarter}");
        }

        var rollup = stored.Rollup;
        if (rollup.Programmes.Any(programme => !user.CanLeadProgramme(partnershipId, programme.ProgrammeId)))
        {
            // Assurance-group summaries count other programmes' RAG, so a scoped lead gets none.
            rollup = rollup with
            {
                Programmes = [.. rollup.Programmes.Where(programme => user.CanLeadProgramme(partnershipId, programme.ProgrammeId))],
                AssuranceGroups = [],
            };
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", stored.Version);
            writer.WriteString("computedAt", stored.ComputedAt);
            writer.WritePropertyName("rollup");
            writer.WriteRawValue(RollupJson.Serialize(rollup));
            writer.WriteEndObject();
        }

        return TypedResults.Bytes(buffer.ToArray(), "application/json");
    }
}
