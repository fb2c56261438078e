using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Returns;

/// <summary>
/// <c>GET/PUT /api/partnerships/{p}/returns/{period}/{partner}/draft</c>: the draft the return form keeps, for a
/// partner's own system. Only who may submit the partner's return (the partner itself, an admin) may read or
/// write its draft: a draft is unfinished work, not a return, so leads see returns only once they are sent.
/// </summary>
public static class ReturnDraftsApi
{
    public sealed record DraftView(string PartnershipId, string Period, string Partner, JsonObject Draft, string SavedBy, DateTimeOffset SavedAt);

    public static IEndpointRouteBuilder MapReturnDraftsApi(this IEndpointRouteBuilder app)
    {
        var drafts = app.MapGroup("/api/partnerships/{partnershipId}/returns/{period}/{partnerId}/draft").RequireAuthorization(Policies.AnyRole);
        drafts.MapGet("", GetAsync).WithName("GetReturnDraft");
        drafts.MapPut("", SaveAsync).WithName("SaveReturnDraft");
        return app;
    }

    /// <summary>The partner's draft for the period; 404 when there is none.</summary>
    public static async Task<Ok<DraftView>> GetAsync(string partnershipId, string period, string partnerId, ClaimsPrincipal user, ReturnDrafts drafts, CancellationToken cancellationToken)
    {
        var at = RouteValues.RequirePeriod(period);
        RequireOwner(user, partnershipId, partnerId);
        var draft = await drafts.GetAsync(partnershipId, at, partnerId, cancellationToken)
            ?? throw new NotFoundException("draft", $"{partnershipId}/{at.Id}/{partnerId}");
        return TypedResults.Ok(View(draft));
    }

    /// <summary>Keeps the body (shaped like a return, figures unchecked) as the draft, replacing any earlier one; it never counts as a return.</summary>
    public static async Task<Ok<DraftView>> SaveAsync(string partnershipId, string period, string partnerId, HttpContext http, ReturnDrafts drafts, CancellationToken cancellationToken)
    {
        var (request, user) = (http.Request, http.User);
        var at = RouteValues.RequirePeriod(period);
        RequireOwner(user, partnershipId, partnerId);
        // Malformed JSON is the problem handler's 400, as for a return.
        var body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var name = user.Identity?.Name ?? "unknown";
        var draft = await drafts.SaveAsync(partnershipId, at, partnerId, body, $"api-key:{name}", cancellationToken);
        return TypedResults.Ok(View(draft));
    }

    private static void RequireOwner(ClaimsPrincipal user, string partnershipId, string partnerId)
    {
        if (!user.CanActForPartner(RouteValues.RequireId(partnershipId, "partnership"), RouteValues.RequireId(partnerId, "partner"), write: true))
        {
            throw new AccessDeniedException($"You cannot read or save the draft return of '{partnerId}'.");
        }
    }

    private static DraftView View(ReturnDraft draft) =>
        new(draft.PartnershipId, draft.Period.Id, draft.PartnerId, draft.Body, draft.SavedBy, draft.SavedAt);
}
