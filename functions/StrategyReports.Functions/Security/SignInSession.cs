using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace StrategyReports.Functions.Security;

/// <summary>
/// The session the sign-in page starts: an ASP.NET Core cookie holding only a Data Protection-protected
/// session id; the ticket (name, grants, which key signed in) lives in table storage
/// (<see cref="SignInSessionStore"/>), so signing out ends the session everywhere, even for a copied cookie.
/// The key itself is never stored: a removed or changed key ends its sessions at their next request.
/// </summary>
public static class SignInSession
{
    public const string Scheme = "StrategyReports.Session";

    /// <summary>Signed-in pages go quiet after this long without a request.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>However active, a session ends this long after signing in.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromHours(8);

    private const string KeyIdClaim = "strategyreports/key-id";
    private const string SignedInAtItem = ".signedInAt";

    /// <summary>Secure-only cookies may carry the <c>__Host-</c> prefix, which also pins them to this host and path /.</summary>
    public static string CookieName(IHostEnvironment environment) =>
        environment.IsDevelopment() ? "strategyreports-session" : "__Host-strategyreports-session";

    public static void Configure(CookieAuthenticationOptions options, IHostEnvironment environment)
    {
        options.Cookie.Name = CookieName(environment);
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = ValidateAsync;
    }

    /// <summary>Starts a session for the holder of <paramref name="key"/>.</summary>
    public static Task SignInAsync(HttpContext context, ApiKeyOptions key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(time);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[SignedInAtItem] = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return context.SignInAsync(Scheme, Principal(key), properties);
    }

    private static ClaimsPrincipal Principal(ApiKeyOptions key)
    {
        var fromKey = StrategyReportsAuthenticationHandler.FromApiKey(key);
        // Marked with this scheme so the forgery check knows the request rode on the cookie.
        var identity = new ClaimsIdentity(fromKey.Claims, Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(KeyIdClaim, KeyId(key.Key)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Whether this request's caller is signed in through the session cookie (rather than a header credential).</summary>
    public static bool IsSessionCaller(ClaimsPrincipal user) =>
        user.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == Scheme);

    // Names a key without holding it: the keys are long random secrets, so their hash reveals nothing usable.
    private static string KeyId(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var auth = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AuthOptions>>().CurrentValue;
        var keyId = context.Principal?.FindFirst(KeyIdClaim)?.Value;
        var key = keyId is null ? null : auth.ApiKeys.FirstOrDefault(k => k.Key.Length > 0 && KeyId(k.Key) == keyId);
        var signedInAt = context.Properties.Items.TryGetValue(SignedInAtItem, out var at) && long.TryParse(at, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        if (key is null || signedInAt is null || time.GetUtcNow() - signedInAt.Value > MaximumLifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        // The key's grants as configured now, so narrowing a key narrows its open sessions too.
        context.ReplacePrincipal(Principal(key));
    }
}
