namespace StrategyReports.TestSupport;

/// <summary>
/// The in-memory Azurite processes a test process shares: started on first use, each with many storage accounts
/// declared up front, handed out a few at a time so every fixture has storage no other fixture touches. Starting
/// Azurite costs a second or two of processor time, which a start per test class paid many times over.
/// They are killed when the test process exits, and exit on their own if it dies (<see cref="AzuriteProcess"/>).
/// </summary>
internal static class SharedAzurite
{
    /// <summary>Processes leases are spread over in turn; Azurite answers one request at a time in one node process.</summary>
    public const int Processes = 1;

    // Far more than a test run leases (about sixty); a process that runs out is replaced by a fresh one.
    private const int AccountsPerProcess = 500;

    private static readonly Lock Gate = new();
    private static readonly Slot[] Slots = [.. Enumerable.Range(0, Processes).Select(_ => new Slot())];
    private static readonly List<Task<AzuriteProcess>> Started = [];
    private static int _turn;
    private static int _declared;

    static SharedAzurite() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    /// <summary>Storage accounts no one else has been given, all in one Azurite, which is listening once this returns.</summary>
    public static async Task<(AzuriteProcess Azurite, IReadOnlyList<string> Accounts)> LeaseAsync(int count)
    {
        Task<AzuriteProcess> azurite;
        string[] accounts;
        lock (Gate)
        {
            var slot = Slots[_turn++ % Slots.Length];
            if (slot.Azurite is null || slot.Used + count > AccountsPerProcess || slot.Azurite.IsFaulted || slot.Azurite is { IsCompletedSuccessfully: true, Result.HasExited: true })
            {
                slot.First = _declared;
                slot.Used = 0;
                _declared += AccountsPerProcess;
                var first = slot.First;
                slot.Azurite = Task.Run(() => AzuriteProcess.StartAsync(Enumerable.Range(first, AccountsPerProcess).Select(Name), 0, 0, dataDirectory: null));
                Started.Add(slot.Azurite);
            }

            accounts = [.. Enumerable.Range(slot.First + slot.Used, count).Select(Name)];
            slot.Used += count;
            azurite = slot.Azurite;
        }

        return (await azurite, accounts);
    }

    private static void StopAll()
    {
        lock (Gate)
        {
            foreach (var azurite in Started.Where(started => started.IsCompletedSuccessfully))
            {
                azurite.Result.Kill();
            }
        }
    }

    private static string Name(int number) => $"store{number}";

    private sealed class Slot
    {
        public Task<AzuriteProcess>? Azurite { get; set; }

        public int First { get; set; }

        public int Used { get; set; }
    }
}
