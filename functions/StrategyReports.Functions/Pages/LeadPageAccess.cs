using StrategyReports.Functions.Apis;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Pages;

/// <summary>The one check every lead's page makes before showing a partnership's returns or reports.</summary>
public static class LeadPageAccess
{
    /// <summary>Null when the signed-in user may read the partnership; otherwise what to show instead (sign-in, not found, or not allowed).</summary>
    public static IResult? Refuse(HttpContext http, PageRenderer pages, string partnershipId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(pages);
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return TypedResults.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(http.Request.Path.Value ?? "/"));
        }

        if (!Identifiers.IsValid(partnershipId))
        {
            return pages.Message("Page not found", ["Check the address: it names a partnership such as 'bury'."], StatusCodes.Status404NotFound);
        }

        return http.User.CanReadPartnership(partnershipId)
            ? null
            : pages.Message("You cannot see this partnership", [$"Your sign-in does not cover the partnership '{partnershipId}'."], StatusCodes.Status403Forbidden);
    }
}
