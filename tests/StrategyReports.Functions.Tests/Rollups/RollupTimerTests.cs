using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Rollups;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Rollups;

public class RollupTimerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // 10 October 2025: the 2025-26-Q2 returns window (16 September to 21 October) is open; Q1's has closed.
    private static readonly DateTimeOffset Now = new(2025, 10, 10, 12, 0, 0, TimeSpan.Zero);

    private const string TimerData = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2025-10-09T02:00:00+00:00","Next":"2025-10-10T02:00:00+00:00","LastUpdated":"2025-10-09T02:00:00+00:00"},"IsPastDue":false}""";

    private readonly RollupSeed _seed = new(azurite);

    [Fact]
    public async Task The_nightly_timer_rolls_up_the_current_and_previous_period_and_a_second_firing_does_no_work()
    {
        using var factory = CreateFactory();
        await SeedAsync(factory, "nightly");
        using var host = factory.CreateClient();

        var first = await InvokeAsync(host, "RollupNightly");

        Assert.Contains("nightly 2025-26-Q1: stored version 1.", Logs(first));
        Assert.Contains("nightly 2025-26-Q2: stored version 1.", Logs(first));
        var reader = factory.Services.GetRequiredService<IRollupReader>();
        Assert.Equal(1, (await reader.GetAsync("nightly", RollupSeed.Q1))!.Version);
        Assert.Equal(1, (await reader.GetAsync("nightly", RollupSeed.Q2))!.Version);
        Assert.Null(await reader.GetAsync("nightly", RollupSeed.Q2.Next()));

        var second = await InvokeAsync(host, "RollupNightly");
        Assert.DoesNotContain(Logs(second), line => line.Contains("nightly ", StringComparison.Ordinal) && line.Contains("stored", StringComparison.Ordinal));
        Assert.StartsWith("0 stored, ", second.GetProperty("ReturnValue").GetString(), StringComparison.Ordinal);

        await _seed.SubmitAsync("nightly", RollupSeed.Q2, "practice", 2, """{"vacancies": 7, "arrs": 3}""", isLate: true);
        var third = await InvokeAsync(host, "RollupNightly");
        Assert.Contains("nightly 2025-26-Q2: stored version 2.", Logs(third));
        var used = (await reader.GetAsync("nightly", RollupSeed.Q2))!.Rollup.ReturnsUsed;
        Assert.Contains(used, r => r is { PartnerId: "practice", Version: 2, IsLate: true });
    }

    [Fact]
    public async Task The_half_hourly_timer_rolls_up_only_periods_whose_returns_window_is_open()
    {
        using var factory = CreateFactory();
        await SeedAsync(factory, "open");
        using var host = factory.CreateClient();

        var reply = await InvokeAsync(host, "RollupWhileReturnsOpen");

        Assert.Contains("open 2025-26-Q2: stored version 1.", Logs(reply));
        Assert.DoesNotContain(Logs(reply), line => line.Contains("open 2025-26-Q1", StringComparison.Ordinal));
        var reader = factory.Services.GetRequiredService<IRollupReader>();
        Assert.NotNull(await reader.GetAsync("open", RollupSeed.Q2));
        Assert.Null(await reader.GetAsync("open", RollupSeed.Q1));
    }

    private AppFactory CreateFactory()
    {
        var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(Now)));
        return factory;
    }

    private async Task SeedAsync(AppFactory factory, string partnershipId)
    {
        await RollupSeed.PublishAsync(factory.Services, partnershipId);
        await _seed.SubmitAsync(partnershipId, RollupSeed.Q1, "trust", 1, """{"vacancies": 95}""");
        await _seed.SubmitAsync(partnershipId, RollupSeed.Q2, "trust", 1, """{"vacancies": 90}""");
        await _seed.SubmitAsync(partnershipId, RollupSeed.Q2, "practice", 1, """{"vacancies": 5, "arrs": 2}""");
    }

    /// <summary>Posts the Functions host's timer invocation payload, as the host does on a schedule.</summary>
    private static async Task<JsonElement> InvokeAsync(HttpClient host, string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{name}")
        {
            Content = JsonContent.Create(new
            {
                Data = new Dictionary<string, JsonElement> { ["timer"] = JsonDocument.Parse(TimerData).RootElement },
                Metadata = new { sys = new { MethodName = name, UtcNow = Now, RandGuid = Guid.NewGuid() } },
            }),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        var response = await host.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Logs(JsonElement reply) =>
        [.. reply.GetProperty("Logs").EnumerateArray().Select(line => line.GetString()!.Split(": ", 2)[1])];
}
