using Azure.Data.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Storage;

/// <summary>Fixtures share Azurite processes yet see nothing of each other's storage; only a private one can be stopped.</summary>
public sealed class AzuriteFixtureTests
{
    [Fact]
    public async Task Shared_fixtures_share_azurite_processes_and_each_sees_only_its_own_tables()
    {
        var first = new AzuriteFixture { ExtraAccounts = ["second"] };
        AzuriteFixture[] others = [.. Enumerable.Range(0, AzuriteFixture.SharedProcesses).Select(_ => new AzuriteFixture())];
        await first.InitializeAsync();
        foreach (var other in others)
        {
            await other.InitializeAsync();
        }

        try
        {
            AzuriteFixture[] all = [first, .. others];
            Assert.InRange(all.Select(fixture => fixture.TableEndpoint.Port).Distinct().Count(), 1, AzuriteFixture.SharedProcesses);
            Assert.Equal(all.Length, all.Select(fixture => fixture.AccountName).Distinct().Count());
            Assert.DoesNotContain("devstoreaccount1", first.ConnectionString, StringComparison.Ordinal);

            await new TableServiceClient(first.ConnectionString).CreateTableIfNotExistsAsync("isolation");

            Assert.Equal(["isolation"], await TablesAsync(first.ConnectionString));
            Assert.Empty(await TablesAsync(first.ConnectionStringFor("second")));
            foreach (var other in others)
            {
                Assert.Empty(await TablesAsync(other.ConnectionString));
                Assert.Throws<ArgumentException>(() => first.ConnectionStringFor(other.AccountName));
            }
        }
        finally
        {
            await first.DisposeAsync();
            foreach (var other in others)
            {
                await other.DisposeAsync();
            }
        }

        Assert.True(first.IsRunning, "disposing a shared fixture leaves the shared Azurite running");
        Assert.Empty(await TablesAsync(first.ConnectionString));
    }

    [Fact]
    public async Task A_shared_azurite_refuses_to_be_stopped_or_frozen_and_a_private_one_can_be()
    {
        var shared = new AzuriteFixture();
        var own = new AzuriteFixture { Private = true };
        await shared.InitializeAsync();
        await own.InitializeAsync();
        try
        {
            Assert.Throws<InvalidOperationException>(shared.Stop);
            Assert.Throws<InvalidOperationException>(shared.Pause);
            await Assert.ThrowsAsync<InvalidOperationException>(shared.TerminateAsync);
            Assert.NotEqual(shared.TableEndpoint.Port, own.TableEndpoint.Port);

            own.Stop();

            Assert.False(own.IsRunning);
            Assert.True(shared.IsRunning);
            Assert.Empty(await TablesAsync(shared.ConnectionString));
        }
        finally
        {
            await shared.DisposeAsync();
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_shared_azurite_cannot_keep_data_on_disk()
    {
        var fixture = new AzuriteFixture { DataDirectory = Path.GetTempPath() };

        await Assert.ThrowsAsync<InvalidOperationException>(fixture.InitializeAsync);
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        var names = new List<string>();
        await foreach (var table in new TableServiceClient(connectionString).QueryAsync())
        {
            names.Add(table.Name);
        }

        return names;
    }
}
