using Azure.Data.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Storage;

/// <summary>Fixtures share one Azurite process yet see nothing of each other's storage; only a private one can be stopped.</summary>
public sealed class AzuriteFixtureTests
{
    [Fact]
    public async Task Shared_fixtures_use_one_azurite_and_each_sees_only_its_own_tables()
    {
        var first = new AzuriteFixture { ExtraAccounts = ["second"] };
        var other = new AzuriteFixture();
        await first.InitializeAsync();
        await other.InitializeAsync();
        try
        {
            Assert.Equal(first.TableEndpoint.Port, other.TableEndpoint.Port);
            Assert.Equal(first.BlobEndpoint.Port, other.BlobEndpoint.Port);
            Assert.NotEqual(first.AccountName, other.AccountName);
            Assert.DoesNotContain("devstoreaccount1", first.ConnectionString, StringComparison.Ordinal);

            await new TableServiceClient(first.ConnectionString).CreateTableIfNotExistsAsync("isolation");

            Assert.Equal(["isolation"], await TablesAsync(first.ConnectionString));
            Assert.Empty(await TablesAsync(first.ConnectionStringFor("second")));
            Assert.Empty(await TablesAsync(other.ConnectionString));
            Assert.Throws<ArgumentException>(() => first.ConnectionStringFor(other.AccountName));
        }
        finally
        {
            await first.DisposeAsync();
            await other.DisposeAsync();
        }

        Assert.True(other.IsRunning, "disposing a shared fixture leaves the shared Azurite running");
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
