using System.Diagnostics;
using System.Reflection;

namespace StrategyReports.Infra.Tests;

/// <summary>The pinned Bicep compiler, restored as a NuGet package download with these tests.</summary>
public static class BicepCompiler
{
    private static readonly Lazy<string> PathLazy = new(Locate);

    public static string ExecutablePath => PathLazy.Value;

    /// <returns>The exit code and everything the compiler wrote (its diagnostics go to standard error).</returns>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }

    private static string Locate()
    {
        var path = typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep compiler is not at '{path}'; restore StrategyReports.Infra.Tests.");
        }

        // NuGet may extract the file without its execute bit; the package is the linux-x64 build.
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
