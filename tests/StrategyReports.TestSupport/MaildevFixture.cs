using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using Xunit;

namespace StrategyReports.TestSupport;

/// <summary>An e-mail as maildev 3's REST API gives it back (<c>GET /api/email</c>; older versions served it at <c>/email</c>).</summary>
public sealed record CaughtMail(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("to")] IReadOnlyList<CaughtAddress> To,
    [property: JsonPropertyName("from")] IReadOnlyList<CaughtAddress> From);

public sealed record CaughtAddress([property: JsonPropertyName("address")] string Address);

/// <summary>
/// A real SMTP server, maildev from the repository's node_modules, on free loopback ports for one test class:
/// the app sends to <see cref="SmtpPort"/>, and the test reads what arrived through the web port's REST API.
/// </summary>
public sealed class MaildevFixture : IAsyncLifetime
{
    private HttpClient _web = new();
    private Process? _process;

    public int SmtpPort { get; private set; }

    public int WebPort { get; private set; }

    /// <summary>Starts maildev; a free port can be taken by another process before maildev binds it, so a start that dies is tried again on new ports.</summary>
    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (Exception e) when (attempt < 3 && e is HttpRequestException or TimeoutException)
            {
                Stop();
            }
        }
    }

    private async Task StartAsync()
    {
        var maildev = RepositoryPaths.Combine("node_modules", "maildev", "dist", "bin", "maildev.js");
        if (!File.Exists(maildev))
        {
            throw new InvalidOperationException($"maildev is not installed at {maildev}: run 'npm ci' in {RepositoryPaths.Root}.");
        }

        SmtpPort = FreePort();
        WebPort = FreePort();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { maildev, "--smtp", $"{SmtpPort}", "--web", $"{WebPort}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        _web.Dispose();
        _web = new HttpClient();
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _web.BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await _web.GetAsync(new Uri("api/email", UriKind.Relative))).StatusCode == HttpStatusCode.OK && await SmtpAnswersAsync())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || _process.HasExited)
            {
                throw new TimeoutException("maildev did not start listening within 30 seconds.");
            }

            await Task.Delay(200);
        }
    }

    public Task DisposeAsync()
    {
        Stop();
        _web.Dispose();
        return Task.CompletedTask;
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>The settings that point the app's SMTP sender here.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AppSettings(string from = "pmo@partnership.example.org") =>
    [
        new("Smtp:Host", "127.0.0.1"),
        new("Smtp:Port", $"{SmtpPort}"),
        new("Smtp:From", from),
        new("Smtp:StartTls", "false"),
    ];

    /// <summary>Every e-mail received so far.</summary>
    public async Task<IReadOnlyList<CaughtMail>> EmailsAsync() =>
        await _web.GetFromJsonAsync<List<CaughtMail>>(new Uri("api/email", UriKind.Relative)) ?? [];

    /// <summary>Waits for at least <paramref name="count"/> e-mails (SMTP delivery is asynchronous to the web API).</summary>
    public async Task<IReadOnlyList<CaughtMail>> WaitForEmailsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var emails = await EmailsAsync();
            if (emails.Count >= count || DateTime.UtcNow >= deadline)
            {
                return emails;
            }

            await Task.Delay(100);
        }
    }

    public async Task DeleteAllAsync() => (await _web.DeleteAsync(new Uri("api/email/all", UriKind.Relative))).EnsureSuccessStatusCode();

    private async Task<bool> SmtpAnswersAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
