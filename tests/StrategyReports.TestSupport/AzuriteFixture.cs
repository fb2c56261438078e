using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Xunit;

namespace StrategyReports.TestSupport;

/// <summary>
/// Real Azurite storage for one test class, collection or test, ready once <see cref="InitializeAsync"/> returns.
/// <para>
/// By default the storage is a set of storage accounts of its own in one of the <see cref="SharedProcesses"/> in-memory
/// Azurite processes the whole test process shares (<see cref="SharedAzurite"/>): nothing another fixture stores is
/// seen, and classes still run in parallel.
/// Its data is deleted on dispose. A shared Azurite cannot be stopped, frozen or restarted.
/// </para>
/// <para>
/// With <see cref="Private"/> the fixture starts an Azurite process of its own on free ports and kills it on
/// dispose: for tests that stop, freeze or restart storage. In memory by default; with <see cref="DataDirectory"/>
/// it keeps its data on disk, so it can be stopped gracefully and restarted on the same ports with what it had acknowledged.
/// </para>
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>How many Azurite processes shared fixtures are spread over.</summary>
    public const int SharedProcesses = SharedAzurite.Processes;

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The account a private Azurite serves besides <see cref="ExtraAccounts"/>: the emulator's well-known one.</summary>
    private const string PrivateAccount = "devstoreaccount1";

    private static readonly TimeSpan CleanUpTimeout = TimeSpan.FromSeconds(10);

    // The names tests use (the fixture's own account and ExtraAccounts) and the accounts they are in Azurite.
    private readonly Dictionary<string, string> _accounts = new(StringComparer.Ordinal);
    private AzuriteProcess? _process;
    private string? _accountName;
    private int _blobPort;
    private int _tablePort;

    /// <summary>An Azurite process of this fixture's own, which tests may stop, freeze and restart.</summary>
    public bool Private { get; init; }

    /// <summary>Where a <see cref="Private"/> Azurite keeps its data; null (the default) keeps it in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Storage accounts beyond <see cref="AccountName"/>, with the same key: separate stores for one test.</summary>
    public IReadOnlyList<string> ExtraAccounts { get; init; } = [];

    /// <summary>This fixture's storage account: with a shared Azurite one no other fixture is given.</summary>
    public string AccountName => _accountName ?? throw new InvalidOperationException("The Azurite fixture is not initialised yet.");

    public Uri BlobEndpoint => new($"http://127.0.0.1:{_blobPort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{_tablePort}/{AccountName}");

    /// <summary>A connection string with explicit endpoints, as an app setting would carry it.</summary>
    public string ConnectionString => ConnectionStringFor(AccountName);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The operating system's id of this fixture's Azurite process (a benchmark pins it to a core of its own).</summary>
    public int ProcessId => (_process ?? throw new InvalidOperationException("Azurite is not running.")).Id;

    public async Task InitializeAsync()
    {
        if (Private)
        {
            await StartAsync();
            return;
        }

        if (DataDirectory is not null)
        {
            throw new InvalidOperationException("A shared Azurite keeps its data in memory: ask for a Private one to keep data on disk.");
        }

        var (azurite, accounts) = await SharedAzurite.LeaseAsync(1 + ExtraAccounts.Count);
        Serve(azurite, accounts[0], accounts.Skip(1));
    }

    public async Task DisposeAsync()
    {
        if (Private)
        {
            Stop();
        }
        else if (IsRunning)
        {
            await ForgetAsync();
        }
    }

    /// <summary>
    /// A connection string for <see cref="AccountName"/> or one of <see cref="ExtraAccounts"/>, optionally through
    /// other ports (a proxy's).
    /// </summary>
    public string ConnectionStringFor(string account, int? blobPort = null, int? tablePort = null)
    {
        var name = _accounts.TryGetValue(account, out var served)
            ? served
            : throw new ArgumentException($"'{account}' is not one of this fixture's storage accounts.", nameof(account));
        return $"DefaultEndpointsProtocol=http;AccountName={name};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort ?? _blobPort}/{name};TableEndpoint=http://127.0.0.1:{tablePort ?? _tablePort}/{name};";
    }

    /// <summary>Starts a private Azurite; after <see cref="Stop"/> this gives a fresh, empty emulator on new ports unless it keeps its data on disk.</summary>
    public Task StartAsync() => StartOnAsync(0, 0);

    /// <summary>Starts a private Azurite again after <see cref="TerminateAsync"/>, on the ports it had, with the data it kept on disk.</summary>
    public Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is still running.");
        }

        return StartOnAsync(_blobPort, _tablePort);
    }

    /// <summary>Stops a private Azurite gracefully (SIGTERM): it saves what it has acknowledged before it exits.</summary>
    public async Task TerminateAsync()
    {
        await Running().TerminateAsync();
        _process = null;
    }

    /// <summary>Freezes a private Azurite (SIGSTOP): connections are still accepted but nothing is answered until <see cref="Resume"/>.</summary>
    public void Pause() => Running().Signal(Signals.Stop);

    public void Resume() => Running().Signal(Signals.Continue);

    /// <summary>Kills a private Azurite, so tests can see how clients behave when storage is unreachable; in-memory data is lost.</summary>
    public void Stop()
    {
        RequirePrivate();
        _process?.Kill();
        _process = null;
    }

    private async Task StartOnAsync(int blobPort, int tablePort)
    {
        RequirePrivate();
        var accounts = new[] { PrivateAccount }.Concat(ExtraAccounts).ToList();
        Serve(await AzuriteProcess.StartAsync(accounts, blobPort, tablePort, DataDirectory), PrivateAccount, ExtraAccounts);
    }

    private void Serve(AzuriteProcess azurite, string account, IEnumerable<string> extraAccounts)
    {
        _process = azurite;
        _blobPort = azurite.BlobPort;
        _tablePort = azurite.TablePort;
        _accountName = account;
        _accounts.Clear();
        _accounts[account] = account;
        foreach (var (name, served) in ExtraAccounts.Zip(extraAccounts))
        {
            _accounts[name] = served;
        }
    }

    private AzuriteProcess Running()
    {
        RequirePrivate();
        return _process ?? throw new InvalidOperationException("Azurite is not running.");
    }

    private void RequirePrivate()
    {
        if (!Private)
        {
            throw new InvalidOperationException(
                "This Azurite is shared by the whole test process: a test that stops, freezes or restarts storage needs new AzuriteFixture { Private = true }.");
        }
    }

    // Deletes what the fixture's accounts hold, so a shared Azurite's memory does not grow with every class that ran.
    // The accounts are never handed out again, so anything left behind (a request that failed) harms no one.
    private async Task ForgetAsync()
    {
        foreach (var account in _accounts.Keys)
        {
            try
            {
                var tables = new TableServiceClient(ConnectionStringFor(account), new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = CleanUpTimeout } });
                await foreach (var table in tables.QueryAsync())
                {
                    await tables.DeleteTableAsync(table.Name);
                }

                var blobs = new BlobServiceClient(ConnectionStringFor(account), new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = CleanUpTimeout } });
                await foreach (var container in blobs.GetBlobContainersAsync())
                {
                    await blobs.DeleteBlobContainerAsync(container.Name);
                }
            }
            catch (RequestFailedException)
            {
            }
        }
    }
}
