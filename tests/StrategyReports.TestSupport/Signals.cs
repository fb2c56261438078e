using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StrategyReports.TestSupport;

/// <summary>
/// POSIX signals to a child process: .NET's <see cref="Process.Kill()"/> only sends SIGKILL, and a storage
/// emulator must be stopped gracefully (SIGTERM) or frozen (SIGSTOP) so it keeps what it acknowledged.
/// </summary>
public static partial class Signals
{
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    public static void Send(Process process, int signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The fault harness sends Linux signal numbers.");
        }

        if (SendSignal(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
