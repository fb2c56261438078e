using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Links;

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
        string partnershipId, IssueLinkRequest? body, ClaimsPrincipal user, LinkAdministration links, CancellationToken cancellationToken)
    {
        var (link, token) = await links.IssueAsync(user, partnershipId, body?.Partner, body?.ExpiresInDays, cancellationToken);
        return TypedResults.Created($"/api/partnerships/{partnershipId}/links/{link.Id}", new IssuedLink(link.Id, link.PartnerId, link.ExpiresAt, $"/r/{token}"));
    }

    public static async Task<Ok<IReadOnlyList<LinkView>>> ListAsync(string partnershipId, ClaimsPrincipal user, LinkAdministration links, CancellationToken cancellationToken)
    {
        var all = await links.ListAsync(user, partnershipId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<LinkView>>([.. all.Select(l => new LinkView(l.Id, l.PartnerId, l.IssuedAt, l.IssuedBy, l.ExpiresAt, l.RevokedAt))]);
    }

    public static async Task<NoContent> RevokeAsync(string partnershipId, string linkId, ClaimsPrincipal user, LinkAdministration links, CancellationToken cancellationToken)
    {
        await links.RevokeAsync(user, partnershipId, linkId, cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>The JSON contract of the body <see cref="PersonalLinksApi"/> reads, generated at compile time: building the endpoint asks for it before the server listens (docs/cold-start.md), as <see cref="Health.HealthJson"/> explains.</summary>
[JsonSerializable(typeof(PersonalLinksApi.IssueLinkRequest))]
internal sealed partial class LinksJson : JsonSerializerContext;
