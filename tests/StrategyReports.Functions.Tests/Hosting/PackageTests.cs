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
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
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

        var functionFolders = Directory.EnumerateDirectories(RepositoryPaths.Combine("functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .ToList();
        Assert.NotEmpty(functionFolders);
        Assert.All(functionFolders, name => Assert.Contains($"{name}/function.json", entries));
        Assert.DoesNotContain(entries, e => e.Contains("local.settings", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith("appsettings.Development.json", StringComparison.Ordinal));
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
