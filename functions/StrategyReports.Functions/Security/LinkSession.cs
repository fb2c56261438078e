using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace StrategyReports.Functions.Security;

/// <summary>
/// A returns officer's short session for the return form. The first visit to <c>/r/{token}</c> swaps the
/// token for this cookie and redirects to <c>/r</c>, so the token leaves the address bar, history, referrers
/// and later request logs. The cookie (Data Protection-protected, sent only to <c>/r</c>) names the link,
/// which is checked again on every request, so revoking the link ends the session too. It grants nothing
/// outside the form: the API and the leads' pages never read it.
/// </summary>
public static class LinkSession
{
    public const string Scheme = "StrategyReports.Link";

    public const string FormPath = "/r";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private const string LinkIdClaim = "strategyreports/link";
    private const string PartnershipClaim = "strategyreports/link-partnership";
    private const string PartnerClaim = "strategyreports/link-partner";

    public static void Configure(CookieAuthenticationOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        // __Secure- rather than __Host-: the cookie is limited to the form's path.
        options.Cookie.Name = environment.IsDevelopment() ? "strategyreports-link" : "__Secure-strategyreports-link";
        options.Cookie.Path = FormPath;
        options.Cookie.HttpOnly = true;
        // Lax: the officer arrives from a link in an email, a cross-site navigation.
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = Lifetime;
        options.SlidingExpiration = true;
    }

    public static Task SignInAsync(HttpContext context, PersonalLink link, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(time);
        var identity = new ClaimsIdentity(
            [
                new Claim(LinkIdClaim, link.Id),
                new Claim(PartnershipClaim, link.PartnershipId),
                new Claim(PartnerClaim, link.PartnerId),
            ],
            Scheme);
        // Never outlives the link itself.
        var expires = time.GetUtcNow().Add(Lifetime);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            ExpiresUtc = link.ExpiresAt < expires ? link.ExpiresAt : expires,
            IsPersistent = false,
        });
    }

    /// <summary>The link this browser's session is for, or null (no session, or it has ended).</summary>
    public static async Task<(string PartnershipId, string LinkId, string PartnerId)?> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(Scheme);
        var user = result.Principal;
        return result.Succeeded
            && user?.FindFirst(PartnershipClaim)?.Value is { } partnership
            && user.FindFirst(LinkIdClaim)?.Value is { } linkId
            && user.FindFirst(PartnerClaim)?.Value is { } partner
            ? (partnership, linkId, partner)
            : null;
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

}
