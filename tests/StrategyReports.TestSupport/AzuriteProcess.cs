using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StrategyReports.TestSupport;

/// <summary>
/// One Azurite process (from the repository's node_modules) serving the given storage accounts, all with
/// <see cref="AzuriteFixture.AccountKey"/>. It dies with the process that started it, even one that is killed,
/// because a small preloaded script makes it exit once its standard input closes.
/// </summary>
internal sealed partial class AzuriteProcess
{
    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int TablePort { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Starts Azurite on the given ports (0: ports it picks) and waits until both services listen.</summary>
    public static async Task<AzuriteProcess> StartAsync(IEnumerable<string> accounts, int blobPort, int tablePort, string? dataDirectory)
    {
        var azurite = RepositoryPaths.Combine("node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run 'npm ci' in {RepositoryPaths.Root}.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            "--require", Path.Combine(AppContext.BaseDirectory, "azurite-watchdog.cjs"), azurite,
            "--blobPort", $"{blobPort}", "--queuePort", "0", "--tablePort", $"{tablePort}", "--skipApiVersionCheck", "--disableProductStyleUrl",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (dataDirectory is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(dataDirectory);
        }

        start.Environment["AZURITE_ACCOUNTS"] = string.Join(';', accounts.Select(account => $"{account}:{AzuriteFixture.AccountKey}"));

        var blob = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var table = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            var match = e.Data is null ? null : ListeningLine().Match(e.Data);
            if (match is { Success: true })
            {
                var port = new Uri(match.Groups["url"].Value).Port;
                (match.Groups["service"].Value == "Blob" ? blob : match.Groups["service"].Value == "Table" ? table : null)?.TrySetResult(port);
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
        var started = new AzuriteProcess(process, 0, 0);

        var ready = Task.WhenAll(blob.Task, table.Task);
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(60))) != ready)
        {
            started.Kill();
            throw new TimeoutException("Azurite did not start listening within 60 seconds.");
        }

        return new AzuriteProcess(process, await blob.Task, await table.Task);
    }

    public void Signal(int signal) => Signals.Send(_process, signal);

    /// <summary>Stops Azurite gracefully (SIGTERM): it saves what it has acknowledged before it exits.</summary>
    public async Task TerminateAsync()
    {
        Signals.Send(_process, Signals.Terminate);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }

    /// <summary>Kills Azurite (SIGKILL); in-memory data is lost.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            // A frozen process dies of SIGKILL too, but only once it is let run again.
            Signals.Send(_process, Signals.Continue);
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
