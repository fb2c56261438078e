using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Hosting;

/// <summary>The deployable zip has what the Functions host needs, where it looks for it.</summary>
public sealed class PackageTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("package-");

    public void Dispose() => _output.Delete(recursive: true);

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task The_publish_step_produces_a_functions_package_with_the_host_layout()
    {
        var zipPath = Path.Combine(_output.FullName, "package.zip");
        var publish = Process.Start(new ProcessStartInfo(RepositoryPaths.Combine("scripts", "publish"), zipPath)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = publish.StandardError.ReadToEndAsync();
        var stdout = publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(15));
        Assert.True(publish.ExitCode == 0, $"publish failed: {await stdout}\n{await stderr}");

        using var zip = ZipFile.OpenRead(zipPath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("host.json", entries);
        using var hostJson = JsonDocument.Parse(zip.GetEntry("host.json")!.Open());
        var handler = hostJson.RootElement.GetProperty("customHandler");
        var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        var executableEntry = zip.GetEntry(executable);
        Assert.NotNull(executableEntry);
        Assert.True(((executableEntry!.ExternalAttributes >> 16) & 0b001_001_001) != 0, "the handler must be executable");
        Assert.Contains("app/libhostfxr.so", entries);
        Assert.Contains("app/StrategyReports.Functions.dll", entries);
        Assert.True(IsReadyToRun(zip.GetEntry("app/StrategyReports.Functions.dll")!), "the app is compiled ReadyToRun, so a cold start skips most JIT work");
        using (var checkedAs = new StreamReader(zip.GetEntry("app/templates/.checked")!.Open()))
        {
            Assert.Matches("^[0-9a-f]{64}$", await checkedAs.ReadToEndAsync());
        }

        var functionFolders = Directory.EnumerateDirectories(RepositoryPaths.Combine("functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .ToList();
        Assert.NotEmpty(functionFolders);
        Assert.All(functionFolders, name => Assert.Contains($"{name}/function.json", entries));
        Assert.DoesNotContain(entries, e => e.Contains("local.settings", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith("appsettings.Development.json", StringComparison.Ordinal));

        await RendersReportsAsync(zip);
    }

    // The package's own build runs and writes PDFs: a composite ReadyToRun image once made PDFsharp's caller
    // check fail, so every report answered 500 though the app started and reported healthy.
    private async Task RendersReportsAsync(ZipArchive zip)
    {
        var unpacked = _output.CreateSubdirectory("unpacked");
        zip.ExtractToDirectory(unpacked.FullName);
        var executable = Path.Combine(unpacked.FullName, "app", "StrategyReports.Functions");
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, executable: executable);

        async Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent? content = null)
        {
            using var request = AppProcess.AsAdmin(method, path);
            request.Content = content;
            var response = await app.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{app.RecentOutput}");
            return response;
        }

        using var strategy = new StringContent(await File.ReadAllTextAsync(RepositoryPaths.Combine("strategies", "bury.yaml")), System.Text.Encoding.UTF8, "application/yaml");
        await Send(HttpMethod.Put, "/api/partnerships/bury/strategy", strategy);
        await Send(HttpMethod.Post, "/api/partnerships/bury/rollups/2026-27-Q2");
        await Send(HttpMethod.Post, "/api/partnerships/bury/reports/2026-27-Q2");
        var pdf = await (await Send(HttpMethod.Get, "/api/partnerships/bury/reports/2026-27-Q2/swg.pdf")).Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
    }

    // A ReadyToRun image carries precompiled code under a managed native header.
    private static bool IsReadyToRun(ZipArchiveEntry assembly)
    {
        using var image = new MemoryStream();
        using (var entry = assembly.Open())
        {
            entry.CopyTo(image);
        }

        image.Position = 0;
        using var pe = new PEReader(image);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
