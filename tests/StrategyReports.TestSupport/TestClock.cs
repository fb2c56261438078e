namespace StrategyReports.TestSupport;

/// <summary>A clock tests set, standing in for <see cref="TimeProvider.System"/>: returns windows and surveys open and close by it.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
