using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace StrategyReports.Functions.Security;

/// <summary>
/// One authentication scheme for the whole API and its pages: an API key (<c>X-Api-Key</c>,
/// <c>Authorization: ApiKey …</c>, or the sign-in page's cookie) from settings, or, in Azure, the user App Service authentication
/// signed in (<c>X-MS-CLIENT-PRINCIPAL</c>), mapped to the product's roles and scopes.
/// </summary>
public sealed class StrategyReportsAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StrategyReports";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Where the sign-in page keeps a person's access key (HttpOnly, SameSite=Strict).</summary>
    public const string KeyCookie = "strategyreports-key";

    public static bool IsKnownKey(AuthOptions options, string key) => FindKey(options, key) is not null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadApiKey(Request);
        if (key is not null)
        {
            var match = FindKey(auth.CurrentValue, key);
            return Task.FromResult(match is null
                ? AuthenticateResult.Fail("The API key is not recognised.")
                : Success(FromApiKey(match), "ApiKey"));
        }

        if (auth.CurrentValue.TrustAppServicePrincipal && Request.Headers.TryGetValue(PrincipalHeader, out var encoded))
        {
            var identity = AppServicePrincipal.TryRead(encoded.ToString());
            return Task.FromResult(identity is null
                ? AuthenticateResult.Fail("The App Service principal header could not be read.")
                : Success(identity, "AppService"));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "ApiKey";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Sign in, or send an API key in the X-Api-Key header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Your role does not allow this.");

    private Task WriteProblemAsync(int status, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Detail = detail },
        }).AsTask();
    }

    private AuthenticateResult Success(ClaimsIdentity identity, string method) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), method));

    private static string? ReadApiKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        return request.Cookies.TryGetValue(KeyCookie, out var cookie) && cookie.Length > 0 ? cookie : null;
    }

    private static ApiKeyOptions? FindKey(AuthOptions options, string key) =>
        options.ApiKeys.FirstOrDefault(k => k.Key.Length > 0 && FixedTimeEquals(k.Key, key));

    // Compare hashes so neither the length nor the content of a key leaks through timing.
    private static bool FixedTimeEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));

    private static ClaimsIdentity FromApiKey(ApiKeyOptions key)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role),
            new(Roles.PartnershipClaim, key.Partnership),
        };
        claims.AddRange(key.Programmes.Select(p => new Claim(Roles.ProgrammeClaim, p)));
        if (!string.IsNullOrEmpty(key.Partner))
        {
            claims.Add(new Claim(Roles.PartnerClaim, key.Partner));
        }

        return new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
    }
}

/// <summary>
/// Reads App Service authentication's principal: base64 JSON with <c>claims</c> of <c>typ</c>/<c>val</c>.
/// Entra app roles map to product roles: <c>admin</c>, <c>lead</c>, optionally scoped as
/// <c>admin:{partnership}</c>, <c>lead:{partnership}</c> or <c>lead:{partnership}:{programme}</c>.
/// Unscoped roles apply to every partnership of the deployment.
/// </summary>
public static class AppServicePrincipal
{
    public static ClaimsIdentity? TryRead(string encoded)
    {
        Principal? principal;
        try
        {
            principal = JsonSerializer.Deserialize<Principal>(Convert.FromBase64String(encoded), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }

        if (principal?.Claims is null)
        {
            return null;
        }

        var roleType = principal.RoleType ?? "roles";
        var nameType = principal.NameType ?? "name";
        var claims = new List<Claim>();
        foreach (var claim in principal.Claims)
        {
            if (claim.Typ == nameType)
            {
                claims.Add(new Claim(ClaimTypes.Name, claim.Val));
            }
            else if (claim.Typ == roleType || claim.Typ == "roles")
            {
                claims.AddRange(RoleClaims(claim.Val));
            }
        }

        return new ClaimsIdentity(claims, StrategyReportsAuthenticationHandler.SchemeName, ClaimTypes.Name, ClaimTypes.Role);
    }

    private static IEnumerable<Claim> RoleClaims(string value)
    {
        var parts = value.Split(':');
        if (parts[0] is not (Roles.Admin or Roles.Lead))
        {
            yield break;
        }

        yield return new Claim(ClaimTypes.Role, parts[0]);
        yield return new Claim(Roles.PartnershipClaim, parts.Length > 1 ? parts[1] : Roles.AnyPartnership);
        if (parts.Length > 2)
        {
            yield return new Claim(Roles.ProgrammeClaim, parts[2]);
        }
    }

    private sealed record Principal(
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType,
        [property: JsonPropertyName("claims")] List<PrincipalClaim>? Claims);

    private sealed record PrincipalClaim(
        [property: JsonPropertyName("typ")] string Typ,
        [property: JsonPropertyName("val")] string Val);
}
