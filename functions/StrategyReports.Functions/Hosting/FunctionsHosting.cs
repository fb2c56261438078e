using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc;

namespace StrategyReports.Functions.Hosting;

/// <summary>How the app is hosted: under the Azure Functions host as a custom handler, or standalone.</summary>
public sealed class FunctionsHostingOptions
{
    /// <summary>The Functions host's local default, used when the app runs standalone.</summary>
    public const int StandalonePort = 7071;

    /// <summary>The folder holding the function folders (each with its <c>function.json</c>).</summary>
    public required string ScriptRoot { get; init; }

    /// <summary>Set when the Functions host started the app (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>).</summary>
    public int? CustomHandlerPort { get; init; }

    public bool IsUnderFunctionsHost => CustomHandlerPort is not null;

    /// <summary>Whether the app fires its own timers: standalone only, unless switched off.</summary>
    public bool RunsOwnTimers { get; init; }

    /// <summary>The zone timer schedules are read in: UTC unless <c>WEBSITE_TIME_ZONE</c> says otherwise, as in Azure.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// How long a lock's blob lease lasts unless renewed (<c>Functions:LockLeaseSeconds</c>, 15–60, as storage allows):
    /// the longest a timer or rollup that died with its instance waits before another instance takes it over.
    /// </summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(MaxLockLeaseSeconds);

    public const int MinLockLeaseSeconds = 15;
    public const int MaxLockLeaseSeconds = 60;

    public static FunctionsHostingOptions FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var port = configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        int? customHandlerPort = string.IsNullOrEmpty(port) ? null : int.Parse(port, CultureInfo.InvariantCulture);
        var zone = configuration["WEBSITE_TIME_ZONE"];
        var lease = configuration.GetValue("Functions:LockLeaseSeconds", MaxLockLeaseSeconds);
        if (lease is < MinLockLeaseSeconds or > MaxLockLeaseSeconds)
        {
            throw new InvalidOperationException($"Functions:LockLeaseSeconds is {lease}; a blob lease lasts {MinLockLeaseSeconds} to {MaxLockLeaseSeconds} seconds.");
        }

        return new FunctionsHostingOptions
        {
            ScriptRoot = configuration["Functions:ScriptRoot"] ?? configuration["FUNCTIONS_APP_ROOT_PATH"] ?? FindScriptRoot(environment.ContentRootPath),
            CustomHandlerPort = customHandlerPort,
            RunsOwnTimers = customHandlerPort is null && configuration.GetValue("Functions:StandaloneTimers", true),
            TimeZone = string.IsNullOrEmpty(zone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone),
            LockLease = TimeSpan.FromSeconds(lease),
        };
    }

    // In the deployed package the function folders sit beside host.json, one level above the app;
    // in the repository they sit in functions/, beside the app's project folder.
    private static string FindScriptRoot(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")))
            {
                var functions = Path.Combine(dir.FullName, "functions");
                return Directory.Exists(functions) ? functions : dir.FullName;
            }
        }

        return contentRoot;
    }
}

public static class FunctionsHostingExtensions
{
    /// <summary>
    /// Listens where the Functions host expects a custom handler (127.0.0.1 on
    /// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>), or on 7071 when standalone unless URLs are configured.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        var options = FunctionsHostingOptions.FromConfiguration(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ISingletonLock, BlobSingletonLock>();
        builder.Services.AddSingleton<TimerFunctionRunner>();
        builder.Services.AddSingleton<ScheduleStatusStore>();
        builder.Services.AddGeneratedJson(FunctionsHostingJson.Default);
        if (options.RunsOwnTimers)
        {
            builder.Services.AddHostedService<TimerScheduler>();
        }

        if (options.CustomHandlerPort is { } port)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls($"http://localhost:{FunctionsHostingOptions.StandalonePort}");
        }

        return builder;
    }

    /// <summary>
    /// Maps the host's invocation contract for every timer function: <c>POST /{FunctionName}</c> with
    /// <c>{"Data": {...}, "Metadata": {...}}</c>, answered with <c>{"Outputs", "Logs", "ReturnValue"}</c>.
    /// Only the local host may call these (<see cref="Security.Policies.FunctionsHost"/>); they are not HTTP
    /// functions and have no route in Azure. Mapped from the registered names alone: the runner, and with it every timer
    /// function and its dependencies, is built by the first invocation, not before the server listens (docs/cold-start.md).
    /// </summary>
    public static IEndpointRouteBuilder MapTimerFunctions(this IEndpointRouteBuilder app)
    {
        foreach (var name in app.ServiceProvider.GetServices<TimerFunctionName>().Select(n => n.Name))
        {
            app.MapPost($"/{name}", (HttpContext context, FunctionInvocationRequest request, [FromServices] TimerFunctionRunner runner, CancellationToken cancellationToken) =>
                    InvokeTimerAsync(name, context, request, runner, cancellationToken))
                .WithName(name)
                .RequireAuthorization(Security.Policies.FunctionsHost)
                .WithMetadata(new TimerFunctionMetadata(name))
                .ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<IResult> InvokeTimerAsync(
        string name, HttpContext context, FunctionInvocationRequest request, TimerFunctionRunner runner, CancellationToken cancellationToken)
    {
        var data = request.Data?.Values.FirstOrDefault() ?? throw new BadHttpRequestException("The invocation has no Data for the timer binding.");
        TimerInfo timer;
        try
        {
            timer = TimerInfo.FromBinding(data);
        }
        catch (FormatException e)
        {
            throw new BadHttpRequestException(e.Message, e);
        }

        var invocationId = context.Request.Headers[Security.Policies.InvocationIdHeader].ToString();
        var result = await runner.RunAsync(name, invocationId, timer, cancellationToken);
        return TypedResults.Ok(new FunctionInvocationResult(
            new Dictionary<string, object?>(),
            result.Logs,
            result.Status == TimerRunStatus.Completed ? result.Summary : "skipped: already running elsewhere"));
    }

    /// <summary>Marks an endpoint as the host-invoked side of a timer function.</summary>
    public sealed record TimerFunctionMetadata(string FunctionName);
}
