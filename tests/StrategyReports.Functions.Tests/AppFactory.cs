using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests;

/// <summary>
/// The real app on the test server, against a real Azurite. Tests add settings or services through
/// <see cref="Settings"/> and <see cref="Services"/> before the first request.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly Func<string> _storage;

    /// <summary>Clients talk HTTPS (as behind App Service), so the session cookies, Secure outside Development, come back.</summary>
    public AppFactory(AzuriteFixture azurite)
        : this(() => azurite.ConnectionString)
    {
    }

    /// <summary>The app with its storage behind fault proxies.</summary>
    public AppFactory(ProxiedStorage storage)
        : this(() => storage.ConnectionString)
    {
    }

    private AppFactory(Func<string> storage)
    {
        _storage = storage;
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    public const string AdminKey = "test-admin-key";
    public const string BuryAdminKey = "test-bury-admin-key";
    public const string LeadKey = "test-lead-key";
    public const string ScopedLeadKey = "test-scoped-lead-key";
    public const string PartnerKey = "test-partner-key";

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Functions:StandaloneTimers"] = "false",
        ["Demo:Enabled"] = "false",
        ["Auth:ApiKeys:0:Name"] = "test admin",
        ["Auth:ApiKeys:0:Key"] = AdminKey,
        ["Auth:ApiKeys:0:Role"] = "admin",
        ["Auth:ApiKeys:0:Partnership"] = "*",
        ["Auth:ApiKeys:1:Name"] = "test Bury admin",
        ["Auth:ApiKeys:1:Key"] = BuryAdminKey,
        ["Auth:ApiKeys:1:Role"] = "admin",
        ["Auth:ApiKeys:1:Partnership"] = "bury",
        ["Auth:ApiKeys:2:Name"] = "test lead",
        ["Auth:ApiKeys:2:Key"] = LeadKey,
        ["Auth:ApiKeys:2:Role"] = "lead",
        ["Auth:ApiKeys:2:Partnership"] = "bury",
        ["Auth:ApiKeys:3:Name"] = "test scoped lead",
        ["Auth:ApiKeys:3:Key"] = ScopedLeadKey,
        ["Auth:ApiKeys:3:Role"] = "lead",
        ["Auth:ApiKeys:3:Partnership"] = "bury",
        ["Auth:ApiKeys:3:Programmes:0"] = "wellbeing",
        ["Auth:ApiKeys:4:Name"] = "test partner",
        ["Auth:ApiKeys:4:Key"] = PartnerKey,
        ["Auth:ApiKeys:4:Role"] = "partner",
        ["Auth:ApiKeys:4:Partnership"] = "bury",
        ["Auth:ApiKeys:4:Partner"] = "bury-council",
    };

    public List<Action<IServiceCollection>> TestServices { get; } = [];

    /// <summary>
    /// Serves the app over real HTTP on a free loopback port, for a browser; returns its base address. Requests are
    /// seen as HTTPS, as behind App Service's front end that ends TLS, so the Secure session cookies work
    /// (Chromium keeps Secure cookies for loopback addresses).
    /// </summary>
    public Uri StartOnKestrel()
    {
        Settings["urls"] = "http://127.0.0.1:0";
        TestServices.Add(services => services.AddSingleton<IStartupFilter, TlsEndsInFront>());
        // Without a port: the factory then leaves the addresses to the "urls" setting above instead of rewriting them
        // after the host is built, which races Kestrel's own bind (dotnet/aspnetcore#67714).
        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:ConnectionString", _storage());
        builder.UseSetting("Functions:ScriptRoot", RepositoryPaths.Combine("functions"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in TestServices)
            {
                configure(services);
            }
        });
    }

    private sealed class TlsEndsInFront : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Scheme = "https";
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
