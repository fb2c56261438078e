using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// The fault tests stop, freeze and restart their Azurite and start app processes of their own: they run one at a
/// time, which also keeps a 2-core machine responsive, and share one Azurite, each test in storage accounts of its own.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class FaultTests : ICollectionFixture<FaultStorage>
{
    public const string Collection = "Fault injection";
}

/// <summary>One Azurite keeping its data on disk (so it can be stopped and started again) with spare storage accounts.</summary>
public sealed class FaultStorage : IAsyncLifetime
{
    private const int Accounts = 40;
    private int _used;

    public AzuriteFixture Azurite { get; } = new()
    {
        Private = true,
        DataDirectory = Path.Combine(Path.GetTempPath(), "strategyreports-faults-" + Guid.NewGuid().ToString("N")),
        ExtraAccounts = [.. Enumerable.Range(1, Accounts).Select(Name)],
    };

    /// <summary>A storage account no other test has used.</summary>
    public string NewAccount()
    {
        var next = Interlocked.Increment(ref _used);
        return next <= Accounts ? Name(next) : throw new InvalidOperationException($"The fault tests use more than {Accounts} storage accounts; add more.");
    }

    /// <summary>Storage for a test, through proxies, in an account of its own.</summary>
    public ProxiedStorage NewStorage() => new(Azurite, NewAccount());

    public Task InitializeAsync() => Azurite.StartAsync();

    public async Task DisposeAsync()
    {
        await Azurite.DisposeAsync();
        Directory.Delete(Azurite.DataDirectory!, recursive: true);
    }

    private static string Name(int number) => $"fault{number}";
}
