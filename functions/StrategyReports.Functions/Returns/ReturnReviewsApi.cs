using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Returns;

/// <summary>
/// <c>POST …/returns/{period}/{partner}/reviews</c> accepts or queries the latest version of a return;
/// <c>GET</c> reads its decisions (the partner too, so it can see what was queried).
/// </summary>
public static class ReturnReviewsApi
{
    public static IEndpointRouteBuilder MapReturnReviewsApi(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/reviews");
        reviews.MapPost("", RecordAsync).WithName("ReviewReturn").RequireAuthorization(Policies.LeadOrAdmin)
            .WithSummary("Accept the return's latest version, or query it with a comment and comments on specific values.");
        reviews.MapGet("", HistoryAsync).WithName("GetReturnReviews").RequireAuthorization(Policies.AnyRole)
            .WithSummary("The return's review state and every decision on it, oldest first.");
        return app;
    }

    /// <summary>201 with the decision; 409 when the version reviewed is no longer the latest; 422 names each bad field.</summary>
    public static async Task<Created<ReviewView>> RecordAsync(
        [AsParameters] ReturnRoute route, ReviewRequest? body, ClaimsPrincipal user, ReturnReviews reviews, CancellationToken cancellationToken)
    {
        var at = RouteValues.RequirePeriod(route.Period);
        var review = await reviews.RecordAsync(
            user, RouteValues.RequireId(route.PartnershipId, "partnership"), at, RouteValues.RequireId(route.PartnerId, "partner"), body, cancellationToken);
        return TypedResults.Created($"/api/partnerships/{route.PartnershipId}/returns/{at.Id}/{route.PartnerId}/reviews", review);
    }

    public static async Task<Ok<ReviewHistory>> HistoryAsync([AsParameters] ReturnRoute route, ClaimsPrincipal user, ReturnReviews reviews, CancellationToken cancellationToken)
    {
        var at = RouteValues.RequirePeriod(route.Period);
        return TypedResults.Ok(await reviews.HistoryAsync(
            user, RouteValues.RequireId(route.PartnershipId, "partnership"), at, RouteValues.RequireId(route.PartnerId, "partner"), cancellationToken));
    }
}

/// <summary>The JSON contract of the body <see cref="ReturnReviewsApi"/> reads, generated at compile time: building the endpoint asks for it before the server listens (docs/cold-start.md), as <see cref="Health.HealthJson"/> explains.</summary>
[JsonSerializable(typeof(ReviewRequest))]
internal sealed partial class ReturnsJson : JsonSerializerContext;
