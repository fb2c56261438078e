namespace StrategyReports.Functions.Hosting;

/// <summary>The outcome of asking for a timer run.</summary>
public enum TimerRunStatus
{
    Completed,

    /// <summary>Another instance holds the function's lock and is running it now.</summary>
    SkippedAlreadyRunning,
}

public sealed record TimerRunResult(TimerRunStatus Status, string? Summary, IReadOnlyList<string> Logs);

/// <summary>
/// Runs a timer function under its singleton lock, for both the host's invocations and the standalone
/// scheduler, so the two paths can't diverge. Built by the first run, not at start (<see cref="TimerFunctionName"/>).
/// </summary>
public sealed partial class TimerFunctionRunner(
    IEnumerable<ITimerFunction> functions,
    IEnumerable<TimerFunctionName> names,
    ISingletonLock singletonLock,
    TimeProvider time,
    ILogger<TimerFunctionRunner> logger)
{
    private readonly Dictionary<string, ITimerFunction> _functions = ByRegisteredName(functions, names);

    public async Task<TimerRunResult> RunAsync(string name, string invocationId, TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!_functions.TryGetValue(name, out var function))
        {
            throw new KeyNotFoundException($"No timer function is named '{name}'.");
        }

        // Its own trace when the standalone scheduler fires it; under the host's request's trace otherwise.
        using var activity = Telemetry.Source.StartActivity($"timer {name}");
        activity?.SetTag("faas.trigger", "timer");
        activity?.SetTag("faas.name", name);
        var invocation = new TimerInvocation(name, invocationId, timer, time.GetUtcNow());
        if (timer.IsPastDue)
        {
            // The host sets IsPastDue when a scheduled firing was missed (e.g. the app was down);
            // the work is idempotent, so catching up is a normal run, but it is worth saying.
            invocation.Log("running past due: a scheduled firing was missed, catching up now.");
        }

        await using var held = await singletonLock.TryAcquireAsync($"timers/{name}", cancellationToken);
        if (held is null)
        {
            invocation.Log("skipped: another instance is running this function now.");
            LogSkipped(logger, name);
            Telemetry.TimerRuns.Add(1, new KeyValuePair<string, object?>("function", name), new KeyValuePair<string, object?>("outcome", "skipped"));
            return new TimerRunResult(TimerRunStatus.SkippedAlreadyRunning, null, invocation.Logs);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        var summary = await function.RunAsync(invocation, linked.Token);
        invocation.Log(summary);
        LogCompleted(logger, name, summary);
        Telemetry.TimerRuns.Add(1, new KeyValuePair<string, object?>("function", name), new KeyValuePair<string, object?>("outcome", "completed"));
        return new TimerRunResult(TimerRunStatus.Completed, summary, invocation.Logs);
    }

    // The endpoints are mapped from the registered names: a function built under another name would never run.
    private static Dictionary<string, ITimerFunction> ByRegisteredName(IEnumerable<ITimerFunction> functions, IEnumerable<TimerFunctionName> names)
    {
        var byName = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var registered = names.Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var built = byName.Keys.Order(StringComparer.Ordinal).ToList();
        return registered.SequenceEqual(built, StringComparer.Ordinal)
            ? byName
            : throw new InvalidOperationException(
                $"The timer functions are registered as {string.Join(", ", registered)} but named {string.Join(", ", built)}; register each with AddTimerFunction under its own name.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Name} skipped: another instance holds its lock.")]
    private static partial void LogSkipped(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Name} completed: {Summary}")]
    private static partial void LogCompleted(ILogger logger, string name, string summary);
}
