using Microsoft.AspNetCore.Authentication;

namespace StrategyReports.Functions.Security;

public static class SecurityExtensions
{
    public static IServiceCollection AddStrategyReportsSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.AddAuthentication(StrategyReportsAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, StrategyReportsAuthenticationHandler>(StrategyReportsAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Policies.Add);
        return services;
    }
}
