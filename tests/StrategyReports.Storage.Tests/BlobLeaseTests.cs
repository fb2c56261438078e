using StrategyReports.Storage.Blobs;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public class BlobLeaseTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan MinimumLease = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_second_lease_is_refused_until_the_first_is_released()
    {
        var blob = await LockBlobAsync();
        var first = blob.GetBlobLeaseClient();
        var second = blob.GetBlobLeaseClient();

        var acquired = await first.AcquireAsync(MinimumLease);
        var refused = await second.TryAcquireAsync(MinimumLease);
        var error = await Assert.ThrowsAsync<BlobLeaseAlreadyPresentException>(() => second.AcquireAsync(MinimumLease));
        await first.RenewAsync();
        await first.ReleaseAsync();
        var afterRelease = await second.TryAcquireAsync(MinimumLease);

        Assert.Equal(first.LeaseId, acquired.Value.LeaseId);
        Assert.Null(refused);
        Assert.Equal(409, error.Status);
        Assert.Equal("LeaseAlreadyPresent", error.ErrorCode);
        Assert.NotNull(afterRelease);
        Assert.Equal(second.LeaseId, afterRelease.Value.LeaseId);
        Assert.Equal("leased", (await blob.GetPropertiesAsync()).Value.LeaseState);
    }

    [Fact]
    public async Task An_expired_lease_can_be_taken_by_another_holder()
    {
        var blob = await LockBlobAsync();
        var first = blob.GetBlobLeaseClient();
        var second = blob.GetBlobLeaseClient();
        await first.AcquireAsync(MinimumLease);

        Assert.Null(await second.TryAcquireAsync(MinimumLease));
        await Task.Delay(MinimumLease + TimeSpan.FromSeconds(1));

        Assert.NotNull(await second.TryAcquireAsync(MinimumLease));
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => first.RenewAsync());
    }

    [Theory]
    [InlineData(14)]
    [InlineData(61)]
    [InlineData(0)]
    public async Task Lease_durations_outside_15_to_60_seconds_are_refused(int seconds)
    {
        var blob = await LockBlobAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => blob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task An_infinite_lease_holds_until_released()
    {
        var blob = await LockBlobAsync();
        var holder = blob.GetBlobLeaseClient("3f2a4b5c-0000-4000-8000-000000000001");

        await holder.AcquireAsync(BlobLeaseClient.InfiniteLeaseDuration);
        Assert.Null(await blob.GetBlobLeaseClient().TryAcquireAsync(MinimumLease));
        await holder.ReleaseAsync();

        Assert.NotNull(await blob.GetBlobLeaseClient().TryAcquireAsync(MinimumLease));
    }

    private async Task<BlobClient> LockBlobAsync()
    {
        var container = await TestClients.NewContainerAsync(azurite);
        var blob = container.GetBlobClient("locks/rollup-timer");
        await blob.UploadAsync(BinaryData.Empty);
        return blob;
    }
}
