using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;

namespace StrategyReports.TestSupport;

/// <summary>
/// The built Functions app in its own process on Kestrel (Production, an admin API key, the given storage), driven
/// over HTTP: by benchmarks, so its processor time and memory are its own, and by fault tests, which kill it
/// (SIGKILL) mid-work and start it again on the same address with the same settings.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    // Long enough for the app's Production start-up checks.
    public const string AdminKey = "bench-admin-key-of-at-least-thirty-two-characters";

    private const int OutputLines = 200;

    private readonly ProcessStartInfo _start;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Action<string>? _onError;

    private AppProcess(ProcessStartInfo start, HttpClient http, Action<string>? onError)
    {
        _start = start;
        Http = http;
        _onError = onError;
    }

    public Process Process { get; private set; } = null!;

    /// <summary>A client for the app's address; it outlives restarts.</summary>
    public HttpClient Http { get; }

    public bool IsRunning => Process is { HasExited: false };

    /// <summary>The last lines the app wrote, for a failing test's message.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the app and waits until it answers HTTP.</summary>
    /// <param name="storageConnectionString">The storage the app uses (Azurite, directly or through a proxy).</param>
    /// <param name="settings">Settings beyond storage, the admin key and the secrets Production requires, as environment variables.</param>
    /// <param name="maxConnections">Connections <see cref="Http"/> opens to the app at most.</param>
    /// <param name="onError">Given each line the app writes to standard error.</param>
    /// <param name="executable">The app's executable as a deployment package holds it; the app's own build output when null.</param>
    public static async Task<AppProcess> StartAsync(
        string storageConnectionString, IReadOnlyDictionary<string, string>? settings = null, int maxConnections = 64, Action<string>? onError = null, string? executable = null)
    {
        var dll = executable ?? AppDll();
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(executable ?? "dotnet", executable is null ? [dll] : [])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseUrl.AbsoluteUri;
        start.Environment["Storage__ConnectionString"] = storageConnectionString;
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

        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        var app = new AppProcess(start, http, onError);
        try
        {
            await app.LaunchAsync();
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

    /// <summary>Kills the app at once (SIGKILL): no request finishes, nothing is released or flushed.</summary>
    public async Task KillAsync()
    {
        if (IsRunning)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
    }

    /// <summary>Starts the app again on the same address with the same settings; kills it first if it still runs.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        Process.Dispose();
        await LaunchAsync();
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
        if (Process is not null)
        {
            await KillAsync();
            Process.Dispose();
        }
    }

    // The app's own build output, in the configuration this assembly was built in (the test or benchmark's).
    private static string AppDll()
    {
        var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = RepositoryPaths.Combine("functions", "StrategyReports.Functions", "bin", configuration, "net10.0", "StrategyReports.Functions.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"Build the app first: dotnet build functions/StrategyReports.Functions -c {configuration} ({dll} is missing).");
    }

    private async Task LaunchAsync()
    {
        var process = Process.Start(_start) ?? throw new InvalidOperationException("The app did not start.");
        Process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (e.Data is not null)
            {
                _onError?.Invoke(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilUpAsync();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLines)
        {
            _output.TryDequeue(out _);
        }
    }

    // Up once it answers at all: /api/health says 503 while storage is down, and the app is still up.
    private async Task WaitUntilUpAsync()
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {Process.ExitCode}:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var response = await Http.GetAsync(new Uri("/api/health", UriKind.Relative), timeout.Token);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The app did not answer /api/health within 60 s:{Environment.NewLine}{RecentOutput}");
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
