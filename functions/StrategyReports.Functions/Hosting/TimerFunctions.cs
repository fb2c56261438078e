using System.Globalization;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// A timer-triggered function. Its <see cref="Name"/> is the folder that holds its <c>function.json</c>;
/// the Functions host POSTs to <c>/{Name}</c> and the standalone scheduler calls the same code.
/// Timer work must be idempotent: a lost lease can cause a duplicate run.
/// </summary>
public interface ITimerFunction
{
    string Name { get; }

    /// <returns>A short summary of what the run did, returned to the host as the invocation's ReturnValue.</returns>
    Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>
/// A timer function's name, registered beside it (<see cref="TimerFunctionRegistration"/>), so the app maps the host's
/// endpoint for it at start without building the function and all it depends on: that waits for its first run.
/// </summary>
public sealed record TimerFunctionName(string Name);

public static class TimerFunctionRegistration
{
    /// <summary>Registers a timer function under the name of its folder (its <see cref="ITimerFunction.Name"/>).</summary>
    public static IServiceCollection AddTimerFunction<TFunction>(this IServiceCollection services, string name)
        where TFunction : class, ITimerFunction
    {
        services.AddSingleton(new TimerFunctionName(name));
        services.AddSingleton<ITimerFunction, TFunction>();
        return services;
    }

    /// <summary>Registers a timer function already built.</summary>
    public static IServiceCollection AddTimerFunction(this IServiceCollection services, ITimerFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        services.AddSingleton(new TimerFunctionName(function.Name));
        services.AddSingleton(function);
        return services;
    }
}

/// <summary>One firing of a timer, and the log lines the host gets back from it.</summary>
public sealed class TimerInvocation(string functionName, string invocationId, TimerInfo timer, DateTimeOffset startedAt)
{
    private readonly List<string> _logs = [];

    public string FunctionName { get; } = functionName;

    public string InvocationId { get; } = invocationId;

    public TimerInfo Timer { get; } = timer;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public IReadOnlyList<string> Logs => _logs;

    public void Log(string message) => _logs.Add(string.Create(CultureInfo.InvariantCulture, $"{FunctionName}: {message}"));
}
