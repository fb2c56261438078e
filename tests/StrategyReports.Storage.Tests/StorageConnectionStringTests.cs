namespace StrategyReports.Storage.Tests;

public class StorageConnectionStringTests
{
    private const string Key = "a2V5LWZvci10ZXN0cw==";

    [Fact]
    public void Development_storage_means_Azurite_on_its_default_ports()
    {
        var connection = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.Equal(StorageConnectionString.DevelopmentAccountKey, connection.AccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.BlobEndpoint);
    }

    [Fact]
    public void Explicit_endpoints_win_over_derived_ones()
    {
        var connection = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=acct;AccountKey={Key};BlobEndpoint=http://localhost:1234/acct;TableEndpoint=http://localhost:5678/acct;");

        Assert.Equal(new Uri("http://localhost:1234/acct"), connection.BlobEndpoint);
        Assert.Equal(new Uri("http://localhost:5678/acct"), connection.TableEndpoint);
        Assert.Equal("acct", connection.Credential!.AccountName);
    }

    [Fact]
    public void Account_name_and_suffix_derive_the_public_endpoints()
    {
        var connection = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=bury;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://bury.blob.core.windows.net"), connection.BlobEndpoint);
        Assert.Equal(new Uri("https://bury.table.core.windows.net"), connection.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountKey=a2V5", "AccountName")]
    [InlineData("AccountName=bury;AccountKey=not*base64", "base64")]
    [InlineData("AccountName=bury;AccountKey=a2V5;TableEndpoint=not a url", "TableEndpoint")]
    [InlineData("AccountName=bury;DefaultEndpointsProtocol=ftp", "http or https")]
    [InlineData("just-a-value", "name=value")]
    public void Malformed_strings_fail_with_a_message_naming_the_problem(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_never_appears_in_errors_or_text()
    {
        var connection = StorageConnectionString.Parse($"AccountName=bury;AccountKey={Key}");
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountName=bury;AccountKey=secret*value"));

        Assert.DoesNotContain(Key, connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_from_a_keyless_string_says_to_use_a_token_credential()
    {
        var error = Assert.Throws<FormatException>(() => new Tables.TableServiceClient("AccountName=bury"));

        Assert.Contains("TokenCredential", error.Message, StringComparison.Ordinal);
    }
}
