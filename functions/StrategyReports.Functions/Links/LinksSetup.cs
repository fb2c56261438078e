using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Links;

/// <summary>
/// Issuing and revoking partners' personal links. The links themselves are credentials, kept and checked with
/// the other sign-ins (<see cref="Security.PersonalLinks"/>).
/// </summary>
public static class LinksSetup
{
    public static IServiceCollection AddLinks(this IServiceCollection services) =>
        services.AddSingleton<LinkAdministration>()
            .AddGeneratedJson(LinksJson.Default);

    public static IEndpointRouteBuilder MapLinks(this IEndpointRouteBuilder app) => app.MapPersonalLinksApi();
}
