using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Hosting;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>Settings under <c>Surveys</c>.</summary>
public sealed class SurveyOptions
{
    public const string Section = "Surveys";

    /// <summary>
    /// Responses one client may send per <see cref="RateLimitWindowSeconds"/>. Generous, since a
    /// whole organisation's intranet may reach the app through one address.
    /// </summary>
    public int RateLimitPermits { get; init; } = 60;

    public int RateLimitWindowSeconds { get; init; } = 60;

    /// <summary>
    /// The secret survey codes are stored under (HMAC-SHA-256), at least <see cref="MinimumCodeSecretLength"/>
    /// characters; required in Production, where a missing one stops the start.
    /// </summary>
    public string? CodeSecret { get; init; }

    public const int MinimumCodeSecretLength = 32;

    /// <summary>Responses to one partner group per <see cref="BurstWindowSeconds"/> beyond which they are held back as a burst.</summary>
    public int BurstLimit { get; init; } = 20;

    /// <summary>The share of a partner's headcount that may answer in one window when that is more than <see cref="BurstLimit"/>.</summary>
    public double BurstShareOfHeadcount { get; init; } = 0.05;

    public int BurstWindowSeconds { get; init; } = 300;

    /// <summary>
    /// Responses a survey's buffer holds before they are written to their permanent rows together, in
    /// shuffled order; fewer wait for a release point, the survey's close, or more responses.
    /// </summary>
    public int FlushBatchSize { get; init; } = 20;
}

public static class SurveySetup
{
    /// <summary>The rate-limiting policy on the paths respondents post to.</summary>
    public const string RateLimitPolicy = "survey-responses";

    /// <summary>Bodies respondents may send: room for every answer of a long survey, far below the app's 1 MiB.</summary>
    public const long MaxResponseBodyBytes = 64 * 1024;

    public static IServiceCollection AddSurveys(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(SurveyOptions.Section).Get<SurveyOptions>() ?? new SurveyOptions();
        if (environment.IsProduction() && (options.CodeSecret is null || options.CodeSecret.Length < SurveyOptions.MinimumCodeSecretLength))
        {
            throw new InvalidOperationException(
                $"Set Surveys__CodeSecret (a random secret of at least {SurveyOptions.MinimumCodeSecretLength} characters) before starting in Production: survey codes are stored under it.");
        }

        services.AddSingleton(options);
        services.AddSingleton<SurveyDirectory>();
        services.AddSingleton<SurveyResponseStore>();
        services.AddSingleton<SurveyCodeStore>();
        services.AddSingleton<SurveyStaging>();
        services.AddSingleton(_ => new ResponseSeal(Encoding.UTF8.GetBytes(
            options.CodeSecret is { Length: > 0 } secret ? secret : throw new InvalidOperationException("Staged survey responses are sealed under a key derived from the setting Surveys:CodeSecret."))));
        services.AddSingleton(_ => new SubmissionIds(Encoding.UTF8.GetBytes(
            options.CodeSecret is { Length: > 0 } secret ? secret : throw new InvalidOperationException("Survey submission ids are derived from the setting Surveys:CodeSecret."))));
        services.AddSingleton<SurveyFlush>();
        services.AddHostedService<SurveyFlushWorker>();
        services.AddTimerFunction<FlushSurveyResponses>(FlushSurveyResponses.FunctionName);
        services.AddSingleton<SurveyReleases>();
        services.AddSingleton<SurveyBursts>();
        services.AddSingleton<SurveyIntake>();
        services.AddSingleton<SurveyCodeIssuing>();
        services.AddGeneratedJson(SurveysJson.Default);

        // A fresh key each start: the partition key can't be turned back into an address, and
        // nothing of it outlives the process.
        var key = RandomNumberGenerator.GetBytes(32);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientHash(context, key),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RateLimitPermits,
                    Window = TimeSpan.FromSeconds(options.RateLimitWindowSeconds),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = options.RateLimitWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many responses",
                        Detail = "Too many responses have come from your network in a short time. Wait a minute and try again.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>The survey API, results, codes and pages. The paths respondents post to are rate limited (<see cref="RateLimitPolicy"/>).</summary>
    public static IEndpointRouteBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        app.MapSurveyResponsesApi();
        app.MapSurveyCodesApi();
        app.MapSurveyResultsApi();
        app.MapSurveyPages();
        return app;
    }

    /// <summary>Holds the paths respondents post to to a small body; larger ones get 413 before anything is read.</summary>
    public static TBuilder WithSmallBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = MaxResponseBodyBytes;
            }

            if (http.Request.ContentLength > MaxResponseBodyBytes)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return await next(context);
        });

    // Behind the Functions host the connection is the host's own (loopback); the client is then the
    // address the platform's front end appended last to X-Forwarded-For, which a client can't forge.
    private static string ClientHash(HttpContext context, byte[] key)
    {
        var remote = context.Connection.RemoteIpAddress;
        var client = remote is null || IPAddress.IsLoopback(remote)
            ? context.Request.Headers["X-Forwarded-For"].ToString().Split(',')[^1].Trim()
            : remote.ToString();
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(client)));
    }
}
