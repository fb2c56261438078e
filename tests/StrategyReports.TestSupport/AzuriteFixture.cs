using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace StrategyReports.TestSupport;

/// <summary>
/// A real Azurite (from the repository's node_modules) on free ports, in memory, for one test
/// class or collection. Started on first use and stopped on dispose.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    public Uri BlobEndpoint { get; private set; } = null!;
    public Uri TableEndpoint { get; private set; } = null!;

    /// <summary>A connection string with explicit endpoints, as an app setting would carry it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};TableEndpoint={TableEndpoint};";

    public bool IsRunning => _process is { HasExited: false };

    public async Task InitializeAsync() => await StartAsync();

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>Starts Azurite; after <see cref="Stop"/> this gives a fresh, empty emulator on new ports.</summary>
    public async Task StartAsync()
    {
        var azurite = RepositoryPaths.Combine("node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run 'npm ci' in {RepositoryPaths.Root}.");
        }

        var start = new ProcessStartInfo(azurite)
        {
            ArgumentList = { "--inMemoryPersistence", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0", "--skipApiVersionCheck", "--disableProductStyleUrl" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["AZURITE_ACCOUNTS"] = $"{AccountName}:{AccountKey}";

        var blob = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var table = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            var match = e.Data is null ? null : ListeningLine().Match(e.Data);
            if (match is { Success: true })
            {
                var endpoint = new Uri($"{match.Groups["url"].Value}/{AccountName}");
                (match.Groups["service"].Value == "Blob" ? blob : match.Groups["service"].Value == "Table" ? table : null)?.TrySetResult(endpoint);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) =>
        {
            blob.TrySetException(new InvalidOperationException("Azurite exited before it was listening."));
            table.TrySetException(new InvalidOperationException("Azurite exited before it was listening."));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var ready = Task.WhenAll(blob.Task, table.Task);
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(60))) != ready)
        {
            Stop();
            throw new TimeoutException("Azurite did not start listening within 60 seconds.");
        }

        BlobEndpoint = await blob.Task;
        TableEndpoint = await table.Task;
    }

    /// <summary>Stops Azurite, so tests can see how clients behave when storage is unreachable.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _process = null;
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
