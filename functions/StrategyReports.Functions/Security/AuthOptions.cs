namespace StrategyReports.Functions.Security;

/// <summary>Settings under <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Keys for machine clients and local use.</summary>
    public List<ApiKeyOptions> ApiKeys { get; init; } = [];

    /// <summary>
    /// Trust App Service authentication's <c>X-MS-CLIENT-PRINCIPAL</c> header. Only true in Azure, where
    /// the platform strips any such header a client sends; locally anyone could forge it.
    /// </summary>
    public bool TrustAppServicePrincipal { get; init; }
}

/// <summary>One API key and what it may do.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who the key belongs to; recorded as the caller's name.</summary>
    public string Name { get; init; } = "";

    public string Key { get; init; } = "";

    public string Role { get; init; } = "";

    /// <summary>The partnership the key is for; <c>*</c> for all (admins only).</summary>
    public string Partnership { get; init; } = "";

    /// <summary>For a lead: the programmes it may see (empty = all).</summary>
    public List<string> Programmes { get; init; } = [];

    /// <summary>For a partner: its partner organisation.</summary>
    public string? Partner { get; init; }
}
