using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Apis;

/// <summary>Admins issue, list and revoke the personal links returns officers open the form with.</summary>
public static class PersonalLinksApi
{
    public static IEndpointRouteBuilder MapPersonalLinksApi(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/api/partnerships/{partnershipId}/links").RequireAuthorization(Policies.Admin);
        links.MapPost("", IssueAsync).WithName("IssueLink");
        links.MapGet("", ListAsync).WithName("ListLinks");
        links.MapDelete("/{linkId}", RevokeAsync).WithName("RevokeLink");
        return app;
    }

    public sealed record IssueLinkRequest(string? Partner, int? ExpiresInDays);

    /// <param name="Url">The personal link, relative to the site: <c>/r/{token}</c>. Shown only now.</param>
    public sealed record IssuedLink(string Id, string Partner, DateTimeOffset ExpiresAt, string Url);

    public sealed record LinkView(string Id, string Partner, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

    public static async Task<Created<IssuedLink>> IssueAsync(
        string partnershipId, IssueLinkRequest? body, ClaimsPrincipal user, StrategyStore strategies, PersonalLinks links, CancellationToken cancellationToken)
    {
        user.RequireAdminOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));
        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken) ?? throw ProblemException.NotFound("partnership", partnershipId);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(body?.Partner))
        {
            errors["partner"] = ["Name the partner the link is for."];
        }
        else if (published.Strategy.FindPartner(body.Partner) is null)
        {
            errors["partner"] = [$"'{body.Partner}' is not a partner of this strategy."];
        }

        var days = body?.ExpiresInDays ?? PersonalLinks.DefaultDays;
        if (days is < 1 or > PersonalLinks.MaximumDays)
        {
            errors["expiresInDays"] = [$"A link lasts 1 to {PersonalLinks.MaximumDays} days."];
        }

        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        var (link, token) = await links.IssueAsync(partnershipId, body!.Partner!, days, user.Identity?.Name ?? "unknown", cancellationToken);
        return TypedResults.Created($"/api/partnerships/{partnershipId}/links/{link.Id}", new IssuedLink(link.Id, link.PartnerId, link.ExpiresAt, $"/r/{token}"));
    }

    public static async Task<Ok<IReadOnlyList<LinkView>>> ListAsync(string partnershipId, ClaimsPrincipal user, PersonalLinks links, CancellationToken cancellationToken)
    {
        user.RequireAdminOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));
        var all = await links.ListAsync(partnershipId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<LinkView>>([.. all.Select(l => new LinkView(l.Id, l.PartnerId, l.IssuedAt, l.IssuedBy, l.ExpiresAt, l.RevokedAt))]);
    }

    public static async Task<NoContent> RevokeAsync(string partnershipId, string linkId, ClaimsPrincipal user, PersonalLinks links, CancellationToken cancellationToken)
    {
        user.RequireAdminOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));
        Identifiers.RequireKnownShape(linkId, "link");
        return await links.RevokeAsync(partnershipId, linkId, cancellationToken) ? TypedResults.NoContent() : throw ProblemException.NotFound("link", linkId);
    }

}
