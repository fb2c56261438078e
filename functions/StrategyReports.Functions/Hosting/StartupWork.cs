namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Work the app must finish before it answers but that needs nothing else of the app (checking the templates, reading the
/// static assets, building the storage clients). Each piece starts on the thread pool the moment it is registered, so on an
/// instance's second core it runs beside the main thread's setting up of everything else instead of before or after it
/// (docs/cold-start.md). The server still listens only once every piece has finished: this is the app's last hosted service
/// (<see cref="StartupWorkExtensions.ListenOnceStartupWorkDone"/>), and a piece that failed stops the start with its error, as
/// it would have on the main thread.
/// </summary>
public sealed class StartupWork : IHostedService
{
    private readonly List<Task> _pieces = [];

    public Task<T> Start<T>(Func<T> piece)
    {
        var started = Task.Run(piece);
        lock (_pieces)
        {
            _pieces.Add(started);
        }

        return started;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_pieces)
        {
            return Task.WhenAll(_pieces).WaitAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class StartupWorkExtensions
{
    /// <summary>
    /// Starts <paramref name="piece"/> now and returns a factory for the services that need its result, which waits for the piece
    /// if it is still running.
    /// </summary>
    public static Func<IServiceProvider, T> StartNow<T>(this IServiceCollection services, Func<T> piece)
    {
        ArgumentNullException.ThrowIfNull(services);
        var work = services.LastOrDefault(service => service.ServiceType == typeof(StartupWork))?.ImplementationInstance as StartupWork;
        if (work is null)
        {
            work = new StartupWork();
            services.AddSingleton(work);
        }

        var started = work.Start(piece);
        return _ => started.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Waits for the startup work before the server listens. Registered after every other hosted service, since they start one
    /// after another before the server: the work runs beside all of them.
    /// </summary>
    public static IServiceCollection ListenOnceStartupWorkDone(this IServiceCollection services) =>
        services.AddHostedService(provider => provider.GetService<StartupWork>() ?? new StartupWork());
}
