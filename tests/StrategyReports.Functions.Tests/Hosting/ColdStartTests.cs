using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
}
