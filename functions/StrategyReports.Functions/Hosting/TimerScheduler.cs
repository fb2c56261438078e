namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Fires the timer functions on the schedules in their own <c>function.json</c> files when the app runs
/// standalone (locally, in tests), so local runs behave like Azure. Under the Functions host it is not
/// registered: the host fires timers itself.
/// </summary>
public sealed partial class TimerScheduler(
    FunctionsHostingOptions options,
    TimerFunctionRunner runner,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = FunctionDefinitions.Load(options.ScriptRoot)
            .Where(f => f.IsTimer && runner.Contains(f.Name))
            .Select(f => RunOnScheduleAsync(f.Name, CronSchedule.Parse(f.Trigger!.Schedule!), f.Trigger!.RunOnStartup == true, stoppingToken));
        return Task.WhenAll(timers);
    }

    private async Task RunOnScheduleAsync(string name, CronSchedule schedule, bool runOnStartup, CancellationToken stoppingToken)
    {
        var zone = options.TimeZone;
        DateTimeOffset? last = null;
        if (runOnStartup)
        {
            await FireAsync(name, last, time.GetUtcNow(), stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
            var next = schedule.NextOccurrence(now);
            var delay = next - now;
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            last = await FireAsync(name, last, next, stoppingToken);
        }
    }

    private async Task<DateTimeOffset> FireAsync(string name, DateTimeOffset? last, DateTimeOffset scheduledFor, CancellationToken stoppingToken)
    {
        var firedAt = time.GetUtcNow();
        var timer = new TimerInfo(
            new TimerScheduleInfo(AdjustForDst: true),
            new TimerScheduleStatus(last, null, firedAt),
            IsPastDue: firedAt - scheduledFor > TimeSpan.FromMinutes(1));
        try
        {
            var result = await runner.RunAsync(name, Guid.NewGuid().ToString(), timer, stoppingToken);
            foreach (var line in result.Logs)
            {
                LogLine(logger, line);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // As in Azure, a failed timer run is not retried; the next firing tries again.
            LogFailed(logger, name, e);
        }

        return firedAt;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogLine(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Name} failed; it runs again at its next firing.")]
    private static partial void LogFailed(ILogger logger, string name, Exception exception);
}
