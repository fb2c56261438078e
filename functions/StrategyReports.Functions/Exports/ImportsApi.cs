using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Domain.Exports;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Exports;

/// <summary>Bulk import of returns from a CSV or .xlsx in the returns export's layout: all or nothing, with a dry run.</summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/partnerships/{partnershipId}/imports/returns/{period}", ImportReturnsAsync)
            .WithName("ImportReturns")
            .RequireAuthorization(Policies.AnyRole)
            .Accepts<Stream>("text/csv", TableFiles.XlsxContentType)
            .WithMetadata(new RequestSizeLimitAttribute(TableFiles.MaxUploadBytes));
        return app;
    }

    /// <summary>
    /// Checks every row, then stores one new version per partner whose figures change (none on a dry run). A partner
    /// may upload only its own rows; an admin any partner's. An <c>Idempotency-Key</c> makes a retry answer as the first did.
    /// </summary>
    /// <param name="dryRun">True to answer what would be stored without storing it.</param>
    public static async Task<Ok<ImportResult>> ImportReturnsAsync(
        string partnershipId, string period, bool? dryRun, HttpContext http, ReturnImports imports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (request, response, user) = (http.Request, http.Response, http.User);
        var at = RouteValues.RequirePeriod(period);
        RouteValues.RequireId(partnershipId, "partnership");
        if (!user.IsAdminOf(partnershipId) && !(user.IsPartnerIn(partnershipId)))
        {
            throw new AccessDeniedException($"You cannot import returns into '{partnershipId}': partners import their own, admins any.");
        }

        var (rows, hash) = await TableFiles.ReadAsync(request.Body, ReturnsImport.RequiredColumns, cancellationToken);
        var name = user.Identity?.Name ?? "unknown";
        var result = await imports.ImportAsync(
            partnershipId,
            at,
            rows,
            hash,
            dryRun ?? false,
            request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null,
            partnerId => user.CanActForPartner(partnershipId, partnerId, write: true),
            name,
            $"import:api-key:{name}",
            cancellationToken);
        if (result.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Ok(result);
    }
}
