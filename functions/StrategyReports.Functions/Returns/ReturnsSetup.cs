namespace StrategyReports.Functions.Returns;

public static class ReturnsSetup
{
    /// <summary>
    /// Returns, personal links and the return form. A production app without a signing key refuses to
    /// start: links signed with a key from source control could be forged by anyone who read it.
    /// </summary>
    public static IServiceCollection AddReturns(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(LinkOptions.Section);
        var key = section[nameof(LinkOptions.SigningKey)];
        if (environment.IsProduction() && (string.IsNullOrEmpty(key) || key.Length < LinkOptions.MinimumKeyLength))
        {
            throw new InvalidOperationException(
                $"Set Links__SigningKey (a random secret of at least {LinkOptions.MinimumKeyLength} characters) before starting in Production: personal links are signed with it.");
        }

        services.Configure<LinkOptions>(section);
        services.AddSingleton<ReturnStore>();
        services.AddSingleton<ReturnSubmissions>();
        services.AddSingleton<ReturnImports>();
        services.AddSingleton<PersonalLinks>();
        return services;
    }
}
