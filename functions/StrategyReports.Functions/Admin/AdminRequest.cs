using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Admin;

/// <summary>
/// What every admin page request carries, bound with <c>[AsParameters]</c>: the partnership in the address, the
/// services every page uses and, once <see cref="Filter"/> has let the request through, the partnership's strategy.
/// </summary>
public sealed record AdminRequest(
    string PartnershipId,
    HttpContext Http,
    [property: FromServices] PageRenderer Pages,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] IAntiforgery Antiforgery,
    [property: FromServices] TimeProvider Time)
{
    public string BasePath => $"/partnerships/{PartnershipId}/admin";

    public ClaimsPrincipal User => Http.User;

    public string Token => Antiforgery.GetAndStoreTokens(Http).RequestToken ?? string.Empty;

    /// <summary>The partnership's current strategy; null only on the pages that need none, before the first is published.</summary>
    public PublishedStrategy? Published { get; private init; }

    /// <summary>
    /// The admin pages' endpoint filter, run before each page's handler (whose first parameter is the request): only an
    /// admin of the partnership gets through, and, where <paramref name="strategyRequired"/>, only once it has a strategy;
    /// everyone else is shown the page to see instead.
    /// </summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(bool strategyRequired) =>
        async (context, next) =>
        {
            var request = context.GetArgument<AdminRequest>(0);
            if (LeadPageAccess.Refuse(request.Http, request.Pages, request.PartnershipId) is { } refusal)
            {
                return refusal;
            }

            if (!request.User.IsAdminOf(request.PartnershipId))
            {
                return request.Pages.Message("You cannot manage this partnership", [$"Only an admin of '{request.PartnershipId}' can use its admin pages."], StatusCodes.Status403Forbidden);
            }

            var published = await request.Strategies.GetCurrentAsync(request.PartnershipId, context.HttpContext.RequestAborted);
            if (published is null && strategyRequired)
            {
                return request.Pages.Message(
                    "No strategy has been published yet",
                    [$"Publish a strategy for '{request.PartnershipId}' first: its partners, periods and surveys come from it."],
                    StatusCodes.Status404NotFound,
                    new PageLink("Publish a strategy", $"{request.BasePath}/strategy"));
            }

            context.Arguments[0] = request with { Published = published };
            return await next(context);
        };
}
