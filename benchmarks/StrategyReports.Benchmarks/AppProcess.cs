using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using StrategyReports.TestSupport;

namespace StrategyReports.Benchmarks;

/// <summary>
/// The built Functions app in its own process on Kestrel (Production, an admin API key, storage in the
/// given Azurite), as a benchmark drives it over HTTP. Its own process, so its processor time and memory
/// are its own and not the benchmark's.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    // Long enough for the app's Production start-up checks.
    public const string AdminKey = "bench-admin-key-of-at-least-thirty-two-characters";

    private AppProcess(Process process, HttpClient http)
    {
        Process = process;
        Http = http;
    }

    public Process Process { get; }

    /// <summary>A client for the app's address.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts the app and waits for <c>/api/health</c>.</summary>
    /// <param name="settings">Settings beyond storage, the admin key and the secrets Production requires, as environment variables.</param>
    public static async Task<AppProcess> StartAsync(AzuriteFixture azurite, int maxConnections, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = RepositoryPaths.Combine("functions", "StrategyReports.Functions", "bin", "Release", "net10.0", "StrategyReports.Functions.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the app first: dotnet build functions/StrategyReports.Functions -c Release ({dll} is missing).");
        }

        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseUrl.AbsoluteUri;
        start.Environment["Storage__ConnectionString"] = azurite.ConnectionString;
        start.Environment["Functions__StandaloneTimers"] = "false";
        start.Environment["Functions__ScriptRoot"] = RepositoryPaths.Combine("functions");
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // Production refuses to start without a signing key for personal links; a fresh one per run will do.
        start.Environment["Links__SigningKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        // Nor without the secret survey codes are stored under.
        start.Environment["Surveys__CodeSecret"] = "benchmark-only-survey-code-secret-not-a-secret";
        start.Environment["Auth__ApiKeys__0__Name"] = "benchmark admin";
        start.Environment["Auth__ApiKeys__0__Key"] = AdminKey;
        start.Environment["Auth__ApiKeys__0__Role"] = "admin";
        start.Environment["Auth__ApiKeys__0__Partnership"] = "*";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"app: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppProcess(process, new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) });
        try
        {
            await app.WaitUntilUpAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A request carrying the admin key.</summary>
    public static HttpRequestMessage AsAdmin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", AdminKey);
        return request;
    }

    /// <summary>
    /// The most memory the app's process has had resident since it started
    /// (the kernel's high-water mark, <c>VmHWM</c>, so no peak between samples is missed), and what it has now.
    /// </summary>
    public (long Peak, long Now) Memory()
    {
        long peak = 0, now = 0;
        foreach (var line in File.ReadLines($"/proc/{Process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                now = Kilobytes(line) * 1024;
            }
        }

        return (peak, now);
    }


    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
        Process.Dispose();
    }

    private async Task WaitUntilUpAsync()
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {Process.ExitCode}.");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The app did not answer /api/health within 60 s.");
    }

    private static long Kilobytes(string statusLine) =>
        long.Parse(statusLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
