using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace StrategyReports.TestSupport;

/// <summary>
/// A real Azurite (from the repository's node_modules) on free ports, for one test class or collection. Started
/// on first use and stopped on dispose. In memory by default; with <see cref="DataDirectory"/> it keeps its data
/// on disk, so it can be stopped gracefully, frozen, and restarted on the same ports with what it had acknowledged.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    /// <summary>Where Azurite keeps its data; null (the default) keeps it in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Storage accounts beyond <see cref="AccountName"/>, with the same key: separate stores in one emulator.</summary>
    public IReadOnlyList<string> ExtraAccounts { get; init; } = [];

    public Uri BlobEndpoint { get; private set; } = null!;
    public Uri TableEndpoint { get; private set; } = null!;

    /// <summary>A connection string with explicit endpoints, as an app setting would carry it.</summary>
    public string ConnectionString => ConnectionStringFor(AccountName);

    public bool IsRunning => _process is { HasExited: false };

    public async Task InitializeAsync() => await StartAsync();

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>A connection string for one of the emulator's accounts, optionally through other ports (a proxy's).</summary>
    public string ConnectionStringFor(string account, int? blobPort = null, int? tablePort = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort ?? BlobEndpoint.Port}/{account};TableEndpoint=http://127.0.0.1:{tablePort ?? TableEndpoint.Port}/{account};";

    /// <summary>Starts Azurite; after <see cref="Stop"/> this gives a fresh, empty emulator on new ports unless it keeps its data on disk.</summary>
    public Task StartAsync() => StartOnAsync(0, 0);

    /// <summary>Starts Azurite again after <see cref="TerminateAsync"/>, on the ports it had, with the data it kept on disk.</summary>
    public Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is still running.");
        }

        return StartOnAsync(BlobEndpoint.Port, TableEndpoint.Port);
    }

    /// <summary>Stops Azurite gracefully (SIGTERM): it saves what it has acknowledged before it exits.</summary>
    public async Task TerminateAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Azurite is not running.");
        Signals.Send(process, Signals.Terminate);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
        _process = null;
    }

    /// <summary>Freezes Azurite (SIGSTOP): connections are still accepted but nothing is answered until <see cref="Resume"/>.</summary>
    public void Pause() => Signals.Send(_process ?? throw new InvalidOperationException("Azurite is not running."), Signals.Stop);

    public void Resume() => Signals.Send(_process ?? throw new InvalidOperationException("Azurite is not running."), Signals.Continue);

    /// <summary>Kills Azurite, so tests can see how clients behave when storage is unreachable; in-memory data is lost.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            // A frozen process dies of SIGKILL too, but only once it is let run again.
            Signals.Send(_process, Signals.Continue);
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _process = null;
    }

    private async Task StartOnAsync(int blobPort, int tablePort)
    {
        var azurite = RepositoryPaths.Combine("node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run 'npm ci' in {RepositoryPaths.Root}.");
        }

        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { "--blobPort", $"{blobPort}", "--queuePort", "0", "--tablePort", $"{tablePort}", "--skipApiVersionCheck", "--disableProductStyleUrl" })
        {
            start.ArgumentList.Add(argument);
        }

        if (DataDirectory is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(DataDirectory);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(DataDirectory);
        }

        start.Environment["AZURITE_ACCOUNTS"] = string.Join(';', new[] { AccountName }.Concat(ExtraAccounts).Select(account => $"{account}:{AccountKey}"));

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

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
