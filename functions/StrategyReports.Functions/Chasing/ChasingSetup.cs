using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Chasing;

public static class ChasingSetup
{
    /// <summary>The reminder store, the SMTP sender (checked at start-up), the use case the API and page share, and the daily timer.</summary>
    public static IServiceCollection AddChasing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.Section))
            .Validate(options => !options.Problems().Any(), "The Smtp settings are incomplete: set Smtp:From to the sender's address, a valid Smtp:Port, and Smtp:StartTls with Smtp:User.")
            .ValidateOnStart();
        services.AddSingleton<ReminderStore>();
        services.AddSingleton<ReminderSender>();
        services.AddSingleton<ChasingReturns>();
        services.AddTimerFunction<SendReturnReminders>(ChasingReturns.TimerName);
        services.AddGeneratedJson(ChasingJson.Default);
        return services;
    }

    public static IEndpointRouteBuilder MapChasing(this IEndpointRouteBuilder app) => app.MapChasingApi().MapChasingPages();
}
