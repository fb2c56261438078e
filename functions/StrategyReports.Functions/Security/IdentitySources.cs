namespace StrategyReports.Functions.Security;

/// <summary>
/// Which ways of proving who a caller is are on, decided once at start-up and logged, so nobody has to
/// guess from settings whether a hand-made <c>X-MS-CLIENT-PRINCIPAL</c> would be believed.
/// </summary>
public sealed class IdentitySources
{
    /// <summary>App Service sets this to <c>True</c> when its authentication module runs in front of the app.</summary>
    public const string PlatformAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    public required int ApiKeys { get; init; }

    /// <summary><c>Auth:TrustAppServicePrincipal</c>: the deployment asks for the App Service principal to be used.</summary>
    public required bool AppServicePrincipalRequested { get; init; }

    /// <summary>The platform's authentication module is on, so it strips any principal header a client sends.</summary>
    public required bool PlatformAuthenticationEnabled { get; init; }

    /// <summary>Trust the principal header only when both the setting asks and the platform vouches for it.</summary>
    public bool AppServicePrincipal => AppServicePrincipalRequested && PlatformAuthenticationEnabled;

    public static IdentitySources From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        return new IdentitySources
        {
            ApiKeys = auth.ApiKeys.Count(k => k.Key.Length > 0),
            AppServicePrincipalRequested = auth.TrustAppServicePrincipal,
            PlatformAuthenticationEnabled = string.Equals(configuration[PlatformAuthenticationSetting], "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>One line for the start-up log.</summary>
    public string Describe()
    {
        var principal = (AppServicePrincipalRequested, PlatformAuthenticationEnabled) switch
        {
            (true, true) => "App Service authentication (X-MS-CLIENT-PRINCIPAL): on",
            (true, false) => $"App Service authentication (X-MS-CLIENT-PRINCIPAL): OFF although Auth:TrustAppServicePrincipal is set, because {PlatformAuthenticationSetting} is not True",
            _ => "App Service authentication (X-MS-CLIENT-PRINCIPAL): off",
        };
        return $"Identity sources: API keys ({ApiKeys} configured) by header; sign-in session cookie for those keys; personal-link sessions for the return form; {principal}.";
    }
}
