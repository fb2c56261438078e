using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;

namespace StrategyReports.Functions.Security;

public static class SecurityExtensions
{
    /// <summary>The hosted service ASP.NET Core adds to read the data protection key ring as the app starts.</summary>
    public const string KeyRingPreload = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static IServiceCollection AddStrategyReportsSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        StartupChecks.Enforce(configuration, environment);
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton(IdentitySources.From(configuration));
        services.Configure<PersonalLinkOptions>(configuration.GetSection(PersonalLinkOptions.Section));
        services.AddSingleton<PersonalLinks>();

        services.AddDataProtection().SetApplicationName("StrategyReports");
        services.AddOptions<KeyManagementOptions>()
            .Configure<BlobServiceClient>((options, blobs) => options.XmlRepository = new BlobXmlRepository(blobs.GetBlobContainerClient(BlobXmlRepository.ContainerName)));

        services.AddSingleton<SignInSessionStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddAuthentication(StrategyReportsAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, StrategyReportsAuthenticationHandler>(StrategyReportsAuthenticationHandler.SchemeName, null)
            .AddCookie(SignInSession.Scheme, options => SignInSession.Configure(options, environment))
            .AddCookie(LinkSession.Scheme, options => LinkSession.Configure(options, environment));
        services.AddOptions<CookieAuthenticationOptions>(SignInSession.Scheme)
            .Configure<SignInSessionStore>((options, store) => options.SessionStore = store);
        services.AddAntiforgery(options =>
        {
            options.HeaderName = SessionForgeryCheck.HeaderName;
            options.Cookie.Name = environment.IsDevelopment() ? "strategyreports-antiforgery" : "__Host-strategyreports-antiforgery";
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthorization(Policies.Add);

        // Behind the Functions host every request comes from loopback; the host's forwarded headers name
        // the client and the scheme it used. Only loopback (the default known proxies) is believed.
        services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
            // The defaults skip localhost; outside Development every host is the real one.
            options.ExcludedHosts.Clear();
        });
        return services;
    }

    /// <summary>
    /// Drops the hosted service that reads the data protection key ring from blob storage before the server listens:
    /// an instance's first request rarely needs a key (a health probe, a page without a cookie), so the ring is read
    /// when a cookie or form token is first protected or read instead, off the cold start's path. Called after every
    /// registration, since authentication and antiforgery each add data protection again.
    /// </summary>
    public static IServiceCollection ReadKeyRingWhenFirstNeeded(this IServiceCollection services)
    {
        foreach (var preload in services.Where(d => d.ImplementationType?.FullName == KeyRingPreload).ToList())
        {
            services.Remove(preload);
        }

        return services;
    }

    /// <summary>Says at start-up which identities the app believes, with a warning when a deployment asks for one the platform does not vouch for.</summary>
    public static WebApplication LogIdentitySources(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var sources = app.Services.GetRequiredService<IdentitySources>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("StrategyReports.Security");
        logger.Log(sources.AppServicePrincipalRequested && !sources.PlatformAuthenticationEnabled ? LogLevel.Warning : LogLevel.Information, "{Sources}", sources.Describe());
        return app;
    }
}
