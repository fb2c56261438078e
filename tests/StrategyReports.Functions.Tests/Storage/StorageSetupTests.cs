using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Tests.Storage;

public class StorageSetupTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddStrategyReportsStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Fact]
    public void Development_storage_connects_to_azurite_on_its_usual_ports()
    {
        using var services = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), services.GetRequiredService<BlobServiceClient>().Uri);
    }

    [Fact]
    public void Endpoints_win_over_a_connection_string_and_take_no_key()
    {
        using var services = Build(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Storage:TableEndpoint"] = "https://example.table.core.windows.net/",
            ["Storage:BlobEndpoint"] = "https://example.blob.core.windows.net/",
        });

        Assert.Equal("example.table.core.windows.net", services.GetRequiredService<TableServiceClient>().Uri.Host);
        var blobs = services.GetRequiredService<BlobServiceClient>();
        Assert.Equal("example.blob.core.windows.net", blobs.Uri.Host);
        Assert.False(blobs.CanGenerateAccountSasUri);
    }

    [Fact]
    public async Task Without_any_storage_setting_the_app_refuses_to_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddStrategyReportsStorage(builder.Configuration).ListenOnceStartupWorkDone();
        using var host = builder.Build();

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("No storage is configured", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_managed_identity_is_used_when_there_is_one_and_the_developer_sign_in_otherwise()
    {
        Assert.IsType<ManagedIdentityCredential>(StorageSetup.ChooseCredential(new StorageOptions { ManagedIdentityClientId = "client-id" }, platformIdentity: false));
        Assert.IsType<ManagedIdentityCredential>(StorageSetup.ChooseCredential(new StorageOptions(), platformIdentity: true));
        Assert.IsType<DefaultAzureCredential>(StorageSetup.ChooseCredential(new StorageOptions(), platformIdentity: false));
    }

    [Fact]
    public void The_settings_are_read_by_name_and_an_endpoint_that_is_not_a_url_is_refused_naming_the_setting()
    {
        static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var options = StorageOptions.Read(Settings(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:TableEndpoint"] = "https://example.table.core.windows.net/",
            ["Storage:BlobEndpoint"] = "https://example.blob.core.windows.net/",
            ["Storage:ManagedIdentityClientId"] = "client-id",
        }));
        var refusal = Assert.Throws<InvalidOperationException>(() => StorageOptions.Read(Settings(new() { ["Storage:BlobEndpoint"] = "example.blob" })));

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.Equal(new Uri("https://example.table.core.windows.net/"), options.TableEndpoint);
        Assert.Equal(new Uri("https://example.blob.core.windows.net/"), options.BlobEndpoint);
        Assert.Equal("client-id", options.ManagedIdentityClientId);
        Assert.Null(StorageOptions.Read(Settings([])).TableEndpoint);
        Assert.Contains("Storage:BlobEndpoint", refusal.Message, StringComparison.Ordinal);
    }
}
