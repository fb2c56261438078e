using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Tests.Storage;

public sealed class InitialiseOnceTests
{
    [Fact]
    public async Task Concurrent_first_callers_share_one_run_and_later_callers_none()
    {
        var runs = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var once = new InitialiseOnce(async _ =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
        });

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => once.EnsureAsync())).ToList();
        await Task.Delay(50);
        release.SetResult();
        await Task.WhenAll(callers);
        await once.EnsureAsync();

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_failed_run_is_not_remembered_so_the_next_caller_tries_again()
    {
        var runs = 0;
        var once = new InitialiseOnce(_ => ++runs == 1 ? throw new InvalidOperationException("storage unreachable") : Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => once.EnsureAsync());
        await once.EnsureAsync();
        await once.EnsureAsync();

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_does_not_cancel_the_run_for_the_others()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var once = new InitialiseOnce(_ => release.Task);
        var first = once.EnsureAsync();
        using var impatient = new CancellationTokenSource();

        var second = once.EnsureAsync(impatient.Token);
        await impatient.CancelAsync();

        // Seen through before the run ends: released first, the gate could go to the waiter before its cancellation lands.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        release.SetResult();
        await first;
    }
}
