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
