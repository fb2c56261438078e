using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using StrategyReports.Domain.Failures;

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

    /// <summary>A grant naming this partnership covers every partnership (an admin of the whole deployment).</summary>
    public const string AnyPartnership = "*";
}

/// <summary>The authorization policies endpoints declare against.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string LeadOrAdmin = "lead-or-admin";
    public const string AnyRole = "any-role";

    /// <summary>Timer functions: only the Functions host's own invocation (see <see cref="IsFunctionsHostInvocation"/>).</summary>
    public const string FunctionsHost = "functions-host";

    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(LeadOrAdmin, p => p.RequireRole(Roles.Admin, Roles.Lead));
        options.AddPolicy(AnyRole, p => p.RequireRole(Roles.Admin, Roles.Lead, Roles.Partner));
        options.AddPolicy(FunctionsHost, p => p.RequireAssertion(context => context.Resource is HttpContext http && IsFunctionsHostInvocation(http)));

        // A mapped route that declares no policy (and is not marked anonymous) is refused, not served to
        // everyone. Requests that match no route pass, to be answered 404, and so do routing's own 405 and
        // 415 answers, which are endpoints without a route pattern.
        options.FallbackPolicy = new AuthorizationPolicyBuilder()
            .RequireAssertion(context => context.Resource is HttpContext http && http.GetEndpoint() is null or not RouteEndpoint)
            .Build();
    }

    /// <summary>
    /// The host invokes a non-HTTP function over its own loopback connection with an invocation id. A
    /// client's request that the host proxies arrives from loopback too, but carries forwarded headers
    /// naming the client, which the forwarded-headers middleware has made the remote address by now.
    /// The test server has no connection address at all.
    /// </summary>
    public static bool IsFunctionsHostInvocation(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var remote = http.Connection.RemoteIpAddress;
        return (remote is null || System.Net.IPAddress.IsLoopback(remote))
            && !string.IsNullOrEmpty(http.Request.Headers[InvocationIdHeader])
            && !http.Request.Headers.ContainsKey("X-Forwarded-For")
            && !http.Request.Headers.ContainsKey("X-Original-For");
    }
}

/// <summary>
/// Scope checks on top of the role policies: which partnership, programme and partner a caller may see.
/// The one place roles and scopes are decided. Each check asks whether a single <see cref="Grant"/>
/// allows it, never a mix of grants. Endpoints call these once they know the resource, and answer 403 when they fail.
/// </summary>
public static class AccessScope
{
    public static bool IsAdminOf(this ClaimsPrincipal user, string partnershipId) =>
        Grant.Of(user).Any(g => g.Role == Roles.Admin && g.Covers(partnershipId));

    /// <summary>Admins, and leads of the partnership (all programmes, or the one their grant names).</summary>
    public static bool CanLeadProgramme(this ClaimsPrincipal user, string partnershipId, string programmeId) =>
        user.IsAdminOf(partnershipId)
        || Grant.Of(user).Any(g => g.Role == Roles.Lead && g.Covers(partnershipId) && (g.Programme is null || string.Equals(g.Programme, programmeId, StringComparison.Ordinal)));

    /// <summary>Admins and leads of the partnership, including leads of only some of its programmes, who then see only those programmes' figures.</summary>
    public static bool CanReadPartnership(this ClaimsPrincipal user, string partnershipId) =>
        user.IsAdminOf(partnershipId) || Grant.Of(user).Any(g => g.Role == Roles.Lead && g.Covers(partnershipId));

    /// <summary>
    /// The programmes whose figures the caller may see in the partnership: null for all (admins and leads of
    /// the whole partnership), otherwise the programmes their lead grants name (empty when none).
    /// </summary>
    public static IReadOnlySet<string>? ProgrammesReadable(this ClaimsPrincipal user, string partnershipId)
    {
        if (user.IsAdminOf(partnershipId))
        {
            return null;
        }

        var leads = Grant.Of(user).Where(g => g.Role == Roles.Lead && g.Covers(partnershipId)).ToList();
        return leads.Any(g => g.Programme is null)
            ? null
            : leads.Select(g => g.Programme!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the caller may see every one of these programmes' figures (a board pack spanning them, say).</summary>
    public static bool CanLeadEvery(this ClaimsPrincipal user, string partnershipId, IEnumerable<string> programmeIds) =>
        programmeIds.All(id => user.CanLeadProgramme(partnershipId, id));

    /// <summary>
    /// The programmes whose measure values the caller may see in a partner's return: null for all (admins,
    /// leads of the whole partnership, and the partner itself), otherwise the programmes they lead.
    /// </summary>
    public static IReadOnlySet<string>? ProgrammesReadableInReturn(this ClaimsPrincipal user, string partnershipId, string partnerId) =>
        user.CanActForPartner(partnershipId, partnerId, write: true) ? null : user.ProgrammesReadable(partnershipId);

    /// <summary>A board pack holds every programme its assurance group answers for (its own and those of the groups below it): only a lead of each of them (or an admin) reads it.</summary>
    public static bool CanReadBoardPack(this ClaimsPrincipal user, string partnershipId, IReadOnlyCollection<string> programmeIds) =>
        user.IsAdminOf(partnershipId) || (programmeIds.Count > 0 && user.CanLeadEvery(partnershipId, programmeIds));

    /// <summary>
    /// A decision accepts or queries a return whole, so only someone who may see every figure in it decides: an admin,
    /// or a lead of every programme with a measure the partner returns (a lead of the whole partnership leads them all).
    /// A lead of only some of those programmes reads the return, filtered, but cannot accept it.
    /// </summary>
    public static bool CanReviewReturn(this ClaimsPrincipal user, string partnershipId, IReadOnlyCollection<string> programmeIds) =>
        user.IsAdminOf(partnershipId) || (user.CanReadPartnership(partnershipId) && user.CanLeadEvery(partnershipId, programmeIds));

    /// <summary>Whether the caller holds a partner grant in the partnership (for some organisation of it).</summary>
    public static bool IsPartnerIn(this ClaimsPrincipal user, string partnershipId) =>
        Grant.Of(user).Any(g => g.Role == Roles.Partner && g.Covers(partnershipId));

    /// <summary>A partner acts only for its own organisation; leads read (values filtered to their programmes) and admins act for any.</summary>
    public static bool CanActForPartner(this ClaimsPrincipal user, string partnershipId, string partnerId, bool write) =>
        user.IsAdminOf(partnershipId)
        || (!write && user.CanReadPartnership(partnershipId))
        || Grant.Of(user).Any(g => g.Role == Roles.Partner && g.Covers(partnershipId) && string.Equals(g.Partner, partnerId, StringComparison.Ordinal));

    /// <summary>403 unless the caller is an admin of the partnership.</summary>
    public static void RequireAdminOf(this ClaimsPrincipal user, string partnershipId)
    {
        if (!user.IsAdminOf(partnershipId))
        {
            throw new AccessDeniedException($"You are not an admin of the partnership '{partnershipId}'.");
        }
    }

    /// <summary>403 unless the caller may read the partnership (<see cref="CanReadPartnership"/>).</summary>
    public static void RequireReaderOf(this ClaimsPrincipal user, string partnershipId)
    {
        if (!user.CanReadPartnership(partnershipId))
        {
            throw new AccessDeniedException($"You cannot read the partnership '{partnershipId}'.");
        }
    }
}
