using System.Security.Claims;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Links;

/// <summary>Issuing, listing and revoking personal links: the one use case behind <c>…/links</c> and the admin's links pages.</summary>
public sealed class LinkAdministration(StrategyStore strategies, PersonalLinks links)
{
    /// <summary>Issues a link for a partner of the current strategy; 422 names the partner or the expiry when either is wrong.</summary>
    /// <returns>The link and its token, which is shown only now: only its hash is kept.</returns>
    public async Task<(PersonalLink Link, string Token)> IssueAsync(ClaimsPrincipal user, string partnershipId, string? partner, int? expiresInDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(partner))
        {
            errors["partner"] = ["Name the partner the link is for."];
        }
        else if (published.Strategy.FindPartner(partner) is null)
        {
            errors["partner"] = [$"'{partner}' is not a partner of this strategy."];
        }

        var days = expiresInDays ?? PersonalLinks.DefaultDays;
        if (days is < 1 or > PersonalLinks.MaximumDays)
        {
            errors["expiresInDays"] = [$"A link lasts 1 to {PersonalLinks.MaximumDays} days."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return await links.IssueAsync(partnershipId, partner!, days, user.Identity?.Name ?? "unknown", cancellationToken);
    }

    public async Task<IReadOnlyList<PersonalLink>> ListAsync(ClaimsPrincipal user, string partnershipId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        return await links.ListAsync(partnershipId, cancellationToken);
    }

    /// <summary>Revokes the link, which also ends any session opened with it; 404 for a link the partnership never issued.</summary>
    public async Task RevokeAsync(ClaimsPrincipal user, string partnershipId, string linkId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        RouteValues.RequireId(linkId, "link");
        if (!await links.RevokeAsync(partnershipId, linkId, cancellationToken))
        {
            throw new NotFoundException("link", linkId);
        }
    }
}
