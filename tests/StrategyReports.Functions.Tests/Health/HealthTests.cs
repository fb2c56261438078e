using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Health;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Health;

public sealed class HealthTests : IAsyncLifetime
{
    // An Azurite of its own, because one test stops it.
    private readonly AzuriteFixture _azurite = new() { Private = true };

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task Health_is_200_with_storage_reachable_and_503_once_it_stops()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        using var factory = new AppFactory(_azurite);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(clock));
        using var client = factory.CreateClient();

        var up = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        using (var report = JsonDocument.Parse(await up.Content.ReadAsStringAsync()))
        {
            Assert.Equal("healthy", report.RootElement.GetProperty("status").GetString());
            Assert.Equal("healthy", report.RootElement.GetProperty("checks").GetProperty("tableStorage").GetProperty("status").GetString());
            Assert.Equal("healthy", report.RootElement.GetProperty("checks").GetProperty("blobStorage").GetProperty("status").GetString());
        }

        _azurite.Stop();
        // Within the probe's cache a stopped storage is not noticed yet: anonymous callers share one probe.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
        clock.Now += HealthProbe.CacheFor;
        var started = DateTime.UtcNow;
        var down = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "health must answer promptly when storage is down");
        using var downReport = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", downReport.RootElement.GetProperty("status").GetString());
        var table = downReport.RootElement.GetProperty("checks").GetProperty("tableStorage");
        Assert.Equal("unreachable", table.GetProperty("status").GetString());
        // The connection error names the storage endpoint: that stays in the log.
        Assert.DoesNotContain(_azurite.TableEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("refused", table.GetProperty("detail").GetString() ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_root_answers_the_functions_host_readiness_probe()
    {
        using var factory = new AppFactory(_azurite);
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Workforce strategy reporting</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
