using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>Settings that would leave a deployment open stop it starting in Production, naming the setting.</summary>
public class StartupChecksTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Long = "0123456789abcdef0123456789abcdef-long-enough";

    [Theory]
    [InlineData("Auth:ApiKeys:0:Key", "short", "Auth__ApiKeys__0__Key ('ops') is shorter than 32 characters")]
    [InlineData("Auth:ApiKeys:0:Role", "superuser", "Auth__ApiKeys__0__Role ('ops') is 'superuser'")]
    [InlineData("Links:SigningKey", null, "Links__SigningKey is missing")]
    [InlineData("Links:SigningKey", "too-short", "Links__SigningKey is shorter than 32 characters")]
    [InlineData("Surveys:CodeSecret", null, "Surveys__CodeSecret is missing")]
    public void A_weak_or_missing_secret_stops_a_production_start(string setting, string? value, string message)
    {
        var settings = Good();
        settings[setting] = value;

        var error = Assert.Throws<InvalidOperationException>(() => StartupChecks.Enforce(Configuration(settings), Environment("Production")));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("partner")]
    public void A_lead_or_partner_key_for_every_partnership_stops_a_production_start(string role)
    {
        var settings = Good();
        settings["Auth:ApiKeys:1:Name"] = "wide";
        settings["Auth:ApiKeys:1:Key"] = Long;
        settings["Auth:ApiKeys:1:Role"] = role;
        settings["Auth:ApiKeys:1:Partnership"] = "*";
        settings["Auth:ApiKeys:1:Partner"] = "trust";

        var error = Assert.Throws<InvalidOperationException>(() => StartupChecks.Enforce(Configuration(settings), Environment("Production")));

        Assert.Contains($"Auth__ApiKeys__1__Partnership ('wide') is '*': a {role} key must name its one partnership.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_settings_start_and_other_environments_allow_short_local_keys()
    {
        StartupChecks.Enforce(Configuration(Good()), Environment("Production"));
        var local = Good();
        local["Auth:ApiKeys:0:Key"] = "local-admin-key";
        local["Links:SigningKey"] = null;

        StartupChecks.Enforce(Configuration(local), Environment("Development"));
        Assert.NotEmpty(StartupChecks.Problems(Configuration(local)));
    }

    [Fact]
    public void The_real_app_refuses_to_start_in_production_with_the_test_keys()
    {
        using var factory = new AppFactory(azurite);
        using var production = factory.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));

        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("Auth__ApiKeys__0__Key ('test admin') is shorter than 32 characters", error.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Good() => new()
    {
        ["Auth:ApiKeys:0:Name"] = "ops",
        ["Auth:ApiKeys:0:Key"] = Long,
        ["Auth:ApiKeys:0:Role"] = "admin",
        ["Auth:ApiKeys:0:Partnership"] = "*",
        ["Links:SigningKey"] = Long,
        ["Surveys:CodeSecret"] = Long,
    };

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static IHostEnvironment Environment(string name) => new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = name };
}
