using System.Net;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Hosting;

/// <summary>What a cold instance does before it listens (docs/cold-start.md).</summary>
public sealed class ColdStartTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void The_key_ring_is_read_when_first_needed_not_before_the_server_listens()
    {
        using var factory = new AppFactory(azurite);

        var hosted = factory.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName).ToList();
        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cold-start-test");

        Assert.DoesNotContain(SecurityExtensions.KeyRingPreload, hosted);
        Assert.Contains(hosted, name => name == typeof(Functions.Surveys.SurveyFlushWorker).FullName);
        Assert.Equal("kept", protector.Unprotect(protector.Protect("kept")));
    }

    [Fact]
    public async Task A_timer_function_is_built_by_its_first_invocation_not_before_the_server_listens()
    {
        using var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton<Builds>().AddTimerFunction<WitnessTimer>(WitnessTimer.FunctionName));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
        var builds = factory.Services.GetRequiredService<Builds>();
        Assert.Equal(0, builds.Count);

        using var invocation = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{WitnessTimer.FunctionName}", UriKind.Relative))
        {
            Content = new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""", Encoding.UTF8, "application/json"),
        };
        invocation.Headers.Add(Policies.InvocationIdHeader, "inv-cold");
        var response = await client.SendAsync(invocation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, builds.Count);
    }

    // Whatever is moved off the start's path, a broken template must still stop the app before it answers, with its
    // file and line (issue 12).
    [Fact]
    public async Task A_broken_template_stops_the_app_before_it_answers()
    {
        var templates = Directory.CreateTempSubdirectory("broken-templates-");
        try
        {
            var source = Path.Combine(AppContext.BaseDirectory, "templates");
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(templates.FullName, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            var message = Path.Combine(templates.FullName, "pages", "message.sbn-html");
            var line = File.ReadAllLines(message).Length + 1;
            await File.AppendAllTextAsync(message, "{{ NoSuchMember }}\n");

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AppProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string> { ["Templates__Root"] = templates.FullName }));

            // AppProcess reports an app that exited without ever answering /api/health, with what it wrote.
            Assert.StartsWith("The app exited with ", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"pages/message.sbn-html:{line}:", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            templates.Delete(recursive: true);
        }
    }

    /// <summary>Counts the builds of <see cref="WitnessTimer"/>.</summary>
    private sealed class Builds
    {
        public int Count { get; set; }
    }

    private sealed class WitnessTimer : ITimerFunction
    {
        public const string FunctionName = "WitnessTimer";

        public WitnessTimer(Builds builds) => builds.Count++;

        public string Name => FunctionName;

        public Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken) => Task.FromResult("witnessed");
    }
}
