using System.Diagnostics;
using StrategyReports.TestSupport;

namespace StrategyReports.Benchmarks;

/// <summary>
/// Gives Azurite a processor of its own and this process the rest. In Azure the storage service never runs on an
/// app instance's processor; on a 2-core machine left to itself, a client's extra work (the SDK reading a
/// transaction's 100 sub-responses, say) takes processor time from Azurite and shows as storage going slower.
/// </summary>
internal static class Cores
{
    /// <summary>Pins every thread of Azurite to the first core and every thread of this process to the others; says what it did.</summary>
    public static string Separate(AzuriteFixture azurite, bool separate)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var last = Environment.ProcessorCount - 1;
        if (!separate || last < 1)
        {
            return "Azurite and this process share every core.";
        }

        Pin(azurite.ProcessId, "0");
        Pin(Environment.ProcessId, last == 1 ? "1" : $"1-{last}");
        return $"Azurite pinned to core 0, this process to core{(last == 1 ? " 1" : $"s 1–{last}")} (taskset).";
    }

    private static void Pin(int processId, string cores)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["--all-tasks", "--cpu-list", "--pid", cores, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("taskset did not start.");
        taskset.StandardOutput.ReadToEnd();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset could not pin process {processId} to cores {cores} (exit code {taskset.ExitCode}); run with --shared-cores to measure without pinning.");
        }
    }
}
