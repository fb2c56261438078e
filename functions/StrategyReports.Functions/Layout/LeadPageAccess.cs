using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Layout;

/// <summary>The one check every lead's page makes before showing a partnership's returns, reports or a programme's log.</summary>
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

        if (!RouteValues.IsId(partnershipId))
        {
            return pages.Message("Page not found", ["Check the address: it names a partnership such as 'bury'."], StatusCodes.Status404NotFound);
        }

        return http.User.CanReadPartnership(partnershipId)
            ? null
            : pages.Message("You cannot see this partnership", [$"Your sign-in does not cover the partnership '{partnershipId}'."], StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// Null when the signed-in user may write the programme's highlight and logs, by the rule the API holds
    /// them to (<see cref="AccessScope.CanLeadProgramme"/>); otherwise what to show instead.
    /// </summary>
    public static IResult? RefuseProgramme(HttpContext http, PageRenderer pages, string partnershipId, string programmeId)
    {
        if (Refuse(http, pages, partnershipId) is { } refusal)
        {
            return refusal;
        }

        return RouteValues.IsId(programmeId) && http.User.CanLeadProgramme(partnershipId, programmeId)
            ? null
            : pages.Message("You cannot keep this programme's log", [$"Your sign-in does not lead the programme '{programmeId}'."], StatusCodes.Status403Forbidden);
    }
}
