using System.Security.Claims;
using StrategyReports.Functions.Errors;

namespace StrategyReports.Functions.Security;

/// <summary>The three roles of the product and the claims that scope them.</summary>
public static class Roles
{
    /// <summary>Partnership admin: publishes strategies, runs rollups and reports, reads everything.</summary>
    public const string Admin = "admin";

    /// <summary>Programme lead / PMO: reads returns, rollups and reports, optionally only for some programmes.</summary>
    public const string Lead = "lead";

    /// <summary>A partner organisation's returns officer: reads and submits its own returns only.</summary>
    public const string Partner = "partner";

    public const string PartnershipClaim = "strategyreports/partnership";
    public const string ProgrammeClaim = "strategyreports/programme";
    public const string PartnerClaim = "strategyreports/partner";

    /// <summary>A partnership claim with this value grants every partnership (an admin of the whole deployment).</summary>
    public const string AnyPartnership = "*";
}

/// <summary>The authorization policies endpoints declare against.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string LeadOrAdmin = "lead-or-admin";
    public const string AnyRole = "any-role";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(LeadOrAdmin, p => p.RequireRole(Roles.Admin, Roles.Lead));
        options.AddPolicy(AnyRole, p => p.RequireRole(Roles.Admin, Roles.Lead, Roles.Partner));
    }
}

/// <summary>
/// Scope checks on top of the role policies: which partnership, programme and partner a caller may see.
/// Endpoints call these once they know the resource, and answer 403 when they fail.
/// </summary>
public static class AccessScope
{
    public static bool CanAccessPartnership(this ClaimsPrincipal user, string partnershipId) =>
        user.FindAll(Roles.PartnershipClaim).Any(c => c.Value == Roles.AnyPartnership || string.Equals(c.Value, partnershipId, StringComparison.Ordinal));

    public static bool IsAdminOf(this ClaimsPrincipal user, string partnershipId) =>
        user.IsInRole(Roles.Admin) && user.CanAccessPartnership(partnershipId);

    /// <summary>Admins, and leads of the partnership (all programmes, or the ones their claims name).</summary>
    public static bool CanLeadProgramme(this ClaimsPrincipal user, string partnershipId, string programmeId)
    {
        if (user.IsAdminOf(partnershipId))
        {
            return true;
        }

        if (!user.IsInRole(Roles.Lead) || !user.CanAccessPartnership(partnershipId))
        {
            return false;
        }

        var programmes = user.FindAll(Roles.ProgrammeClaim).Select(c => c.Value).ToList();
        return programmes.Count == 0 || programmes.Contains(programmeId, StringComparer.Ordinal);
    }

    /// <summary>Admins and leads of the partnership see every programme's figures; a scoped lead does too for partnership-wide views.</summary>
    public static bool CanReadPartnership(this ClaimsPrincipal user, string partnershipId) =>
        (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Lead)) && user.CanAccessPartnership(partnershipId);

    /// <summary>A partner acts only for its own organisation; leads read and admins act for any.</summary>
    public static bool CanActForPartner(this ClaimsPrincipal user, string partnershipId, string partnerId, bool write)
    {
        if (user.IsAdminOf(partnershipId))
        {
            return true;
        }

        if (!write && user.CanReadPartnership(partnershipId))
        {
            return true;
        }

        return user.IsInRole(Roles.Partner)
            && user.CanAccessPartnership(partnershipId)
            && user.FindAll(Roles.PartnerClaim).Any(c => string.Equals(c.Value, partnerId, StringComparison.Ordinal));
    }

    /// <summary>403 unless the caller is an admin of the partnership.</summary>
    public static void RequireAdminOf(this ClaimsPrincipal user, string partnershipId)
    {
        if (!user.IsAdminOf(partnershipId))
        {
            throw ProblemException.Forbidden($"You are not an admin of the partnership '{partnershipId}'.");
        }
    }

    /// <summary>403 unless the caller may read the partnership (<see cref="CanReadPartnership"/>).</summary>
    public static void RequireReaderOf(this ClaimsPrincipal user, string partnershipId)
    {
        if (!user.CanReadPartnership(partnershipId))
        {
            throw ProblemException.Forbidden($"You cannot read the partnership '{partnershipId}'.");
        }
    }
}
