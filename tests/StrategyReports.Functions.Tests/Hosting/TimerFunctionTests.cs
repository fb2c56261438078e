using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Hosting;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Hosting;

public class TimerFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string TimerData = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-21T02:00:00+00:00","Next":"2026-11-22T02:00:00+00:00","LastUpdated":"2026-11-21T02:00:00+00:00"},"IsPastDue":false}""";

    [Fact]
    public async Task The_host_invocation_payload_with_an_object_runs_the_timer_and_gets_the_host_reply()
    {
        var timer = new RecordingTimer("RecordingTimer");
        using var factory = CreateFactory(timer);
        using var client = factory.CreateClient();

        var response = await PostInvocationAsync(client, "RecordingTimer", JsonDocument.Parse(TimerData).RootElement);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, reply.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal("ran 1", reply.RootElement.GetProperty("ReturnValue").GetString());
        Assert.Contains(reply.RootElement.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("ran 1", StringComparison.Ordinal));
        var invocation = Assert.Single(timer.Invocations);
        Assert.Equal("inv-1", invocation.InvocationId);
        Assert.False(invocation.Timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), invocation.Timer.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task The_host_invocation_payload_with_a_json_string_is_read_the_same_way_and_past_due_is_reported()
    {
        var timer = new RecordingTimer("RecordingTimer");
        using var factory = CreateFactory(timer);
        using var client = factory.CreateClient();
        var pastDue = TimerData.Replace("\"IsPastDue\":false", "\"IsPastDue\":true", StringComparison.Ordinal);

        var response = await PostInvocationAsync(client, "RecordingTimer", JsonSerializer.SerializeToElement(pastDue));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(reply.RootElement.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("past due", StringComparison.Ordinal));
        Assert.True(Assert.Single(timer.Invocations).Timer.IsPastDue);
    }

    [Theory]
    [InlineData("""{"Data":{"timer":42},"Metadata":{}}""")]
    [InlineData("""{"Data":{"timer":"not json"},"Metadata":{}}""")]
    [InlineData("""{"Data":{},"Metadata":{}}""")]
    [InlineData("""{"Data":""")]
    public async Task A_malformed_invocation_is_a_problem_not_a_run(string body)
    {
        var timer = new RecordingTimer("RecordingTimer");
        using var factory = CreateFactory(timer);
        using var client = factory.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/RecordingTimer", UriKind.Relative)) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", "inv-malformed");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(timer.Invocations);
    }

    [Fact]
    public async Task Two_overlapping_runs_of_one_timer_do_not_interleave()
    {
        var timer = new RecordingTimer("RecordingTimer") { Hold = new TaskCompletionSource() };
        using var factory = CreateFactory(timer);
        using var client = factory.CreateClient();

        var first = PostInvocationAsync(client, "RecordingTimer", JsonDocument.Parse(TimerData).RootElement);
        await timer.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await PostInvocationAsync(client, "RecordingTimer", JsonDocument.Parse(TimerData).RootElement);
        timer.Hold.SetResult();
        await first;

        using var reply = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains("skipped", reply.RootElement.GetProperty("ReturnValue").GetString(), StringComparison.Ordinal);
        Assert.Single(timer.Invocations);

        var third = await PostInvocationAsync(client, "RecordingTimer", JsonDocument.Parse(TimerData).RootElement);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2, timer.Invocations.Count);
    }

    [Fact]
    public async Task Standalone_the_app_fires_its_timers_on_their_function_json_schedules()
    {
        var scriptRoot = Directory.CreateTempSubdirectory("functions-");
        try
        {
            Directory.CreateDirectory(Path.Combine(scriptRoot.FullName, "EverySecond"));
            await File.WriteAllTextAsync(
                Path.Combine(scriptRoot.FullName, "EverySecond", "function.json"),
                """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"* * * * * *","runOnStartup":false,"useMonitor":true}]}""");
            var timer = new RecordingTimer("EverySecond") { ExpectedRuns = 2 };
            using var factory = CreateFactory(timer);
            factory.Settings["Functions:StandaloneTimers"] = "true";
            factory.Settings["Functions:ScriptRoot"] = scriptRoot.FullName;
            using var client = factory.CreateClient();

            await timer.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(timer.Invocations.Count >= 2);
            Assert.All(timer.Invocations, i => Assert.False(i.Timer.IsPastDue));
        }
        finally
        {
            scriptRoot.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_run_on_startup_timer_records_its_run_and_a_restart_does_not_repeat_it()
    {
        var name = "Startup" + Guid.NewGuid().ToString("N");
        using var scriptRoot = new ScriptRoot(name, """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"0 0 0 1 1 *","runOnStartup":true}]}""");

        var first = new RecordingTimer(name);
        var firstClock = new ObservedClock();
        using (var factory = CreateStandaloneFactory(first, firstClock, scriptRoot))
        {
            using var client = factory.CreateClient();
            await firstClock.WaitingForNextFiring.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var invocation = Assert.Single(first.Invocations);
            Assert.Null(invocation.Timer.ScheduleStatus);
            Assert.False(invocation.Timer.IsPastDue);
            var status = await factory.Services.GetRequiredService<ScheduleStatusStore>().GetAsync(name, CancellationToken.None);
            Assert.NotNull(status);
            Assert.InRange(status.Last!.Value, invocation.StartedAt.AddMinutes(-1), invocation.StartedAt);
            Assert.Equal(new DateTimeOffset(invocation.StartedAt.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero), status.Next);
            Assert.NotNull(status.LastUpdated);
        }

        var second = new RecordingTimer(name);
        var secondClock = new ObservedClock();
        using (var factory = CreateStandaloneFactory(second, secondClock, scriptRoot))
        {
            using var client = factory.CreateClient();
            await secondClock.WaitingForNextFiring.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Empty(second.Invocations);
        }
    }

    [Fact]
    public async Task A_firing_missed_while_the_app_was_down_runs_past_due_at_start_with_the_recorded_status()
    {
        var name = "Monthly" + Guid.NewGuid().ToString("N");
        using var scriptRoot = new ScriptRoot(name, """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"0 0 0 1 * *","useMonitor":true}]}""");
        var recorded = new TimerScheduleStatus(
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 3, TimeSpan.Zero));
        using (var writer = new AppFactory(azurite))
        {
            await writer.Services.GetRequiredService<ScheduleStatusStore>().SetAsync(name, recorded, CancellationToken.None);
        }

        var timer = new RecordingTimer(name);
        var clock = new ObservedClock();
        using var factory = CreateStandaloneFactory(timer, clock, scriptRoot);
        using var client = factory.CreateClient();
        await clock.WaitingForNextFiring.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var invocation = Assert.Single(timer.Invocations);
        Assert.True(invocation.Timer.IsPastDue);
        Assert.Equal(recorded, invocation.Timer.ScheduleStatus);
        var status = await factory.Services.GetRequiredService<ScheduleStatusStore>().GetAsync(name, CancellationToken.None);
        Assert.True(status!.Next > invocation.StartedAt);
        Assert.Equal(1, status.Next!.Value.Day);
    }

    [Fact]
    public async Task Each_scheduled_run_carries_the_status_the_run_before_it_recorded()
    {
        var name = "Frequent" + Guid.NewGuid().ToString("N");
        using var scriptRoot = new ScriptRoot(name, """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"* * * * * *","runOnStartup":true}]}""");
        var timer = new RecordingTimer(name) { ExpectedRuns = 2 };
        using var factory = CreateStandaloneFactory(timer, new ObservedClock(), scriptRoot);
        using var client = factory.CreateClient();

        await timer.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var (first, second) = (timer.Invocations[0], timer.Invocations[1]);
        Assert.Null(first.Timer.ScheduleStatus);
        var carried = second.Timer.ScheduleStatus;
        Assert.NotNull(carried);
        Assert.InRange(carried.Last!.Value, first.StartedAt.AddMinutes(-1), first.StartedAt);
        Assert.InRange(carried.Next!.Value, carried.Last.Value, second.StartedAt);
    }

    [Fact]
    public void Every_timer_function_of_the_app_is_registered_under_its_own_name()
    {
        using var factory = new AppFactory(azurite);

        var registered = factory.Services.GetServices<TimerFunctionName>().Select(n => n.Name).Order(StringComparer.Ordinal);
        var built = factory.Services.GetServices<ITimerFunction>().Select(f => f.Name).Order(StringComparer.Ordinal);

        var declared = FunctionDefinitions.Load(RepositoryPaths.Combine("functions")).Where(f => f.IsTimer).Select(f => f.Name).Order(StringComparer.Ordinal);
        Assert.Equal(declared, registered);
        Assert.Equal(registered, built);
        Assert.NotNull(factory.Services.GetRequiredService<TimerFunctionRunner>());
    }

    [Fact]
    public void A_timer_function_registered_under_another_name_stops_the_runner_being_built()
    {
        using var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton(new TimerFunctionName("Misnamed")).AddSingleton<ITimerFunction>(new RecordingTimer("RecordingTimer")));

        var refused = Assert.Throws<InvalidOperationException>(() => factory.Services.GetRequiredService<TimerFunctionRunner>());

        Assert.Contains("Misnamed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("RecordingTimer", refused.Message, StringComparison.Ordinal);
    }

    private AppFactory CreateStandaloneFactory(RecordingTimer timer, ObservedClock clock, ScriptRoot scriptRoot)
    {
        var factory = CreateFactory(timer);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(clock));
        factory.Settings["Functions:StandaloneTimers"] = "true";
        factory.Settings["Functions:ScriptRoot"] = scriptRoot.Path;
        return factory;
    }

    private AppFactory CreateFactory(RecordingTimer timer)
    {
        var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddTimerFunction(timer));
        return factory;
    }

    private static Task<HttpResponseMessage> PostInvocationAsync(HttpClient client, string name, JsonElement timerData)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{name}")
        {
            Content = JsonContent.Create(new
            {
                Data = new Dictionary<string, JsonElement> { ["timer"] = timerData },
                Metadata = new { sys = new { MethodName = name, UtcNow = "2026-11-22T02:00:00Z", RandGuid = Guid.NewGuid() } },
            }),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", "inv-" + 1);
        return client.SendAsync(request);
    }

    /// <summary>A functions folder holding one timer's function.json.</summary>
    private sealed class ScriptRoot : IDisposable
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("functions-");

        public ScriptRoot(string name, string functionJson)
        {
            Directory.CreateDirectory(System.IO.Path.Combine(_root.FullName, name));
            File.WriteAllText(System.IO.Path.Combine(_root.FullName, name, "function.json"), functionJson);
        }

        public string Path => _root.FullName;

        public void Dispose() => _root.Delete(recursive: true);
    }

    /// <summary>
    /// The system clock, telling the test when the scheduler starts a long wait: by then it has made its
    /// start-up decision, run what it had to and recorded the run.
    /// </summary>
    private sealed class ObservedClock : TimeProvider
    {
        public TaskCompletionSource WaitingForNextFiring { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime > TimeSpan.FromHours(1))
            {
                WaitingForNextFiring.TrySetResult();
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class RecordingTimer(string name) : ITimerFunction
    {
        private readonly List<TimerInvocation> _invocations = [];

        public string Name { get; } = name;

        public TaskCompletionSource? Hold { get; init; }

        public int ExpectedRuns { get; init; } = int.MaxValue;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<TimerInvocation> Invocations
        {
            get
            {
                lock (_invocations)
                {
                    return [.. _invocations];
                }
            }
        }

        public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
        {
            int count;
            lock (_invocations)
            {
                _invocations.Add(invocation);
                count = _invocations.Count;
            }

            Started.TrySetResult();
            if (Hold is not null)
            {
                await Hold.Task.WaitAsync(cancellationToken);
            }

            if (count >= ExpectedRuns)
            {
                Finished.TrySetResult();
            }

            return $"ran {count}";
        }
    }
}
