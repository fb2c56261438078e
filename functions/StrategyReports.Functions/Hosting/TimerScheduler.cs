namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Fires the timer functions on the schedules in their own <c>function.json</c> files when the app runs
/// standalone (locally, in tests), so local runs behave like Azure. Under the Functions host it is not
/// registered: the host fires timers itself. The runner, and with it the timer functions, is built by the first firing.
/// </summary>
public sealed partial class TimerScheduler(
    FunctionsHostingOptions options,
    IEnumerable<TimerFunctionName> names,
    IServiceProvider services,
    ScheduleStatusStore statuses,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan PastDueAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registered = names.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var timers = FunctionDefinitions.Load(options.ScriptRoot)
            .Where(f => f.IsTimer && registered.Contains(f.Name))
            .Select(f => new ScheduledTimer(f.Name, TimerSchedule.Parse(f.Trigger!.Schedule!, options.TimeZone), f.Trigger!.RunOnStartup == true, f.Trigger!.UseMonitor))
            .Select(timer => RunOnScheduleAsync(timer, stoppingToken));
        return Task.WhenAll(timers);
    }

    private async Task RunOnScheduleAsync(ScheduledTimer timer, CancellationToken stoppingToken)
    {
        var monitored = timer.RunOnStartup || (timer.UseMonitor ?? FiresAtMostOncePerMinute(timer.Schedule));
        var status = monitored ? await ReadStatusAsync(timer.Name, stoppingToken) : null;

        // As the host does: a monitored timer whose recorded next firing has passed runs now, past due.
        // A run-on-startup timer runs now unless its recorded run still covers the current firing,
        // so a restart doesn't repeat the work.
        var now = time.GetUtcNow();
        var pastDue = status?.Next is { } due && due <= now;
        if (pastDue || (timer.RunOnStartup && status?.Next is null))
        {
            status = await FireAsync(timer, monitored, status, now, pastDue, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            now = time.GetUtcNow();
            var next = timer.Schedule.NextAfter(now);
            try
            {
                // A day at a time: Task.Delay takes at most about 49 days, and a yearly schedule waits longer.
                for (var wait = next - now; wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            status = await FireAsync(timer, monitored, status, next, pastDue: false, stoppingToken);
        }
    }

    /// <returns>The timer's status after this run, as the next run's payload will carry it.</returns>
    private async Task<TimerScheduleStatus?> FireAsync(
        ScheduledTimer timer, bool monitored, TimerScheduleStatus? status, DateTimeOffset scheduledFor, bool pastDue, CancellationToken stoppingToken)
    {
        var info = new TimerInfo(
            new TimerScheduleInfo(AdjustForDst: true),
            status,
            IsPastDue: pastDue || time.GetUtcNow() - scheduledFor > PastDueAfter);
        try
        {
            var result = await services.GetRequiredService<TimerFunctionRunner>().RunAsync(timer.Name, Guid.NewGuid().ToString(), info, stoppingToken);
            foreach (var line in result.Logs)
            {
                LogLine(logger, line);
            }

            if (result.Status == TimerRunStatus.SkippedAlreadyRunning)
            {
                // The instance running it records the run.
                return status;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // As in Azure, a failed timer run is not retried; the next firing tries again.
            LogFailed(logger, timer.Name, e);
        }
        catch (OperationCanceledException)
        {
            return status;
        }

        var updated = new TimerScheduleStatus(scheduledFor, timer.Schedule.NextAfter(scheduledFor), time.GetUtcNow());
        if (monitored)
        {
            await WriteStatusAsync(timer.Name, updated, stoppingToken);
        }

        return updated;
    }

    private async Task<TimerScheduleStatus?> ReadStatusAsync(string name, CancellationToken stoppingToken)
    {
        try
        {
            return await statuses.GetAsync(name, stoppingToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or System.Text.Json.JsonException or HttpRequestException)
        {
            // Without a record the timer behaves as on a first start; the schedule itself is unaffected.
            LogStatusUnavailable(logger, name, e);
            return null;
        }
    }

    private async Task WriteStatusAsync(string name, TimerScheduleStatus status, CancellationToken stoppingToken)
    {
        try
        {
            await statuses.SetAsync(name, status, stoppingToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException)
        {
            LogStatusUnavailable(logger, name, e);
        }
    }

    // The host monitors a schedule by default only when it fires at most once a minute.
    private bool FiresAtMostOncePerMinute(TimerSchedule schedule)
    {
        var first = schedule.NextAfter(time.GetUtcNow());
        return schedule.NextAfter(first) - first >= TimeSpan.FromMinutes(1);
    }

    private sealed record ScheduledTimer(string Name, TimerSchedule Schedule, bool RunOnStartup, bool? UseMonitor);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogLine(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Name} failed; it runs again at its next firing.")]
    private static partial void LogFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {Name}: its schedule status could not be read or recorded.")]
    private static partial void LogStatusUnavailable(ILogger logger, string name, Exception exception);
}
