namespace StrategyReports.TestSupport;

/// <summary>
/// One storage account of an Azurite behind two <see cref="FaultProxy"/>s, one for the Blob service and one for the
/// Table service: the app is given <see cref="ConnectionString"/> and a test injects faults on its way to storage,
/// while the test itself checks what was stored through <see cref="DirectConnectionString"/>.
/// </summary>
public sealed class ProxiedStorage : IAsyncDisposable
{
    private readonly AzuriteFixture _azurite;

    /// <param name="azurite">The storage.</param>
    /// <param name="account">One of its accounts; its own <see cref="AzuriteFixture.AccountName"/> when null.</param>
    public ProxiedStorage(AzuriteFixture azurite, string? account = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        _azurite = azurite;
        Account = account ?? azurite.AccountName;
        Blob = FaultProxy.Start(azurite.BlobEndpoint.Port);
        Table = FaultProxy.Start(azurite.TableEndpoint.Port);
    }

    public string Account { get; }

    public FaultProxy Blob { get; }

    public FaultProxy Table { get; }

    /// <summary>Storage as the app sees it: through the proxies.</summary>
    public string ConnectionString => _azurite.ConnectionStringFor(Account, Blob.Port, Table.Port);

    /// <summary>Storage as it is: straight to Azurite.</summary>
    public string DirectConnectionString => _azurite.ConnectionStringFor(Account);

    /// <summary>Applies a fault to both services, e.g. <c>storage.Both(p => p.Refuse())</c>.</summary>
    public void Both(Action<FaultProxy> fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault(Blob);
        fault(Table);
    }

    /// <summary>What both proxies have seen and done.</summary>
    public ProxyCounts Counts
    {
        get
        {
            var (b, t) = (Blob.Counts, Table.Counts);
            return new(b.Connections + t.Connections, b.Requests + t.Requests, b.ConnectionsReset + t.ConnectionsReset,
                b.RequestsDropped + t.RequestsDropped, b.RequestsDelayed + t.RequestsDelayed, b.RequestsHeld + t.RequestsHeld);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Blob.DisposeAsync();
        await Table.DisposeAsync();
    }
}
