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
/// One authentication scheme for the whole API and its pages: an API key (<c>X-Api-Key</c> or
/// <c>Authorization: ApiKey …</c>) from settings; in Azure with App Service authentication on, the user it
/// signed in (<c>X-MS-CLIENT-PRINCIPAL</c>); otherwise the sign-in page's session cookie
/// (<see cref="SignInSession"/>). Each is mapped to the product's grants. Challenges and refusals are
/// problem details, for pages and API alike.
/// </summary>
public sealed class StrategyReportsAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth,
    IdentitySources sources) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StrategyReports";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    public static ApiKeyOptions? FindKey(AuthOptions options, string key) =>
        options.ApiKeys.FirstOrDefault(k => k.Key.Length > 0 && FixedTimeEquals(k.Key, key));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadApiKey(Request);
        if (key is not null)
        {
            var match = FindKey(auth.CurrentValue, key);
            return match is null
                ? AuthenticateResult.Fail("The API key is not recognised.")
                : Success(FromApiKey(match), "ApiKey");
        }

        // Only where the platform's authentication module is on does it strip a client's own copy of this header.
        if (sources.AppServicePrincipal && Request.Headers.TryGetValue(PrincipalHeader, out var encoded))
        {
            var identity = AppServicePrincipal.TryRead(encoded.ToString());
            return identity is null
                ? AuthenticateResult.Fail("The App Service principal header could not be read.")
                : Success(identity, "AppService");
        }

        var session = await Context.AuthenticateAsync(SignInSession.Scheme);
        return session.Succeeded ? session : AuthenticateResult.NoResult();
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

        return null;
    }

    // Compare hashes so neither the length nor the content of a key leaks through timing.
    private static bool FixedTimeEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));

    /// <summary>The key's identity: its name and one grant per scope it names (a lead key of two programmes holds two lead grants).</summary>
    public static ClaimsIdentity FromApiKey(ApiKeyOptions key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name) };
        claims.AddRange(Grant.Claims(GrantsOf(key)));
        return new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
    }

    private static IEnumerable<Grant> GrantsOf(ApiKeyOptions key) => key.Role switch
    {
        Roles.Admin => [new Grant(Roles.Admin, key.Partnership)],
        Roles.Lead when key.Programmes.Count == 0 => [new Grant(Roles.Lead, key.Partnership)],
        Roles.Lead => key.Programmes.Select(programme => new Grant(Roles.Lead, key.Partnership, programme)),
        Roles.Partner when !string.IsNullOrEmpty(key.Partner) => [new Grant(Roles.Partner, key.Partnership, Partner: key.Partner)],
        _ => [],
    };
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
        var grants = new List<Grant>();
        foreach (var claim in principal.Claims)
        {
            if (claim.Typ == nameType)
            {
                claims.Add(new Claim(ClaimTypes.Name, claim.Val));
            }
            else if ((claim.Typ == roleType || claim.Typ == "roles") && ToGrant(claim.Val) is { } grant)
            {
                grants.Add(grant);
            }
        }

        claims.AddRange(Grant.Claims(grants));
        return new ClaimsIdentity(claims, StrategyReportsAuthenticationHandler.SchemeName, ClaimTypes.Name, ClaimTypes.Role);
    }

    // Each app role is one whole grant; a role with more parts than a grant has is not one of ours.
    private static Grant? ToGrant(string value) => value.Split(':') switch
    {
        [Roles.Admin or Roles.Lead] parts => new Grant(parts[0], Roles.AnyPartnership),
        [Roles.Admin or Roles.Lead, var partnership] parts when partnership.Length > 0 => new Grant(parts[0], partnership),
        [Roles.Lead, var partnership, var programme] when partnership.Length > 0 && programme.Length > 0 => new Grant(Roles.Lead, partnership, programme),
        _ => null,
    };

    private sealed record Principal(
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType,
        [property: JsonPropertyName("claims")] List<PrincipalClaim>? Claims);

    private sealed record PrincipalClaim(
        [property: JsonPropertyName("typ")] string Typ,
        [property: JsonPropertyName("val")] string Val);
}
