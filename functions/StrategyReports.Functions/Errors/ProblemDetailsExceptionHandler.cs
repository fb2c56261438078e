using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Errors;

/// <summary>
/// The one place exceptions become RFC 9457 problem details: the domain's refusals get 4xx naming what was wrong
/// (<see cref="RefusalStatus"/>), storage that did not answer 503, a write that lost a race to someone else's 409, and
/// everything else, genuine bugs, 500. A person at a page (the return form, a
/// survey, the leads' pages) gets the same answer as a plain page in the site's layout instead of JSON.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, PageRenderer pages, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException e => FromDomainException(httpContext, e),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = "The request body is larger than this API accepts.",
            },
            BadHttpRequestException e => new ProblemDetails
            {
                Status = e.StatusCode,
                Title = "Bad request",
                Detail = Describe(e),
            },
            JsonException e => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Malformed JSON", Detail = e.Message },
            _ when StorageFaults.IsConflict(exception) => StorageConflict((RequestFailedException)exception),
            _ when StorageFaults.IsUnavailable(exception) => StorageUnavailable(httpContext, exception),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,

            // Cancelled without the caller leaving: a timeout on the way to storage.
            OperationCanceledException e => StorageUnavailable(httpContext, e),
            _ => null,
        };

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnhandled(logger, httpContext.Request.Method, Security.RequestLogRedaction.Redact(httpContext.Request.Path), exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong on our side",
                Detail = "The error has been logged. Nothing you sent was stored unless the response said so.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (IsPage(httpContext.Request))
        {
            IEnumerable<string> paragraphs = problem is HttpValidationProblemDetails validation
                ? validation.Errors.SelectMany(pair => pair.Value.Select(message => $"{pair.Key}: {message}"))
                : [];
            await pages.Message(problem.Title ?? "Something went wrong", [.. new[] { problem.Detail }.OfType<string>().Concat(paragraphs)], problem.Status.Value)
                .ExecuteAsync(httpContext);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromDomainException(HttpContext httpContext, DomainException e)
    {
        ProblemDetails problem = e is ValidationFailedException invalid
            ? new HttpValidationProblemDetails(invalid.Errors.ToDictionary(pair => pair.Key, pair => pair.Value))
            : new ProblemDetails();
        problem.Status = RefusalStatus.Of(e);
        problem.Title = e.Title;
        problem.Detail = e.Message;
        foreach (var (key, value) in e.Facts)
        {
            problem.Extensions[key] = value;
        }

        if (e is NotReadyException)
        {
            httpContext.Response.Headers.RetryAfter = StorageFaults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return problem;
    }

    // A browser asks for HTML when it opens or posts a page; the API, the assets and the host's timer calls never do.
    internal static bool IsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase)
        && request.GetTypedHeaders().Accept.Any(type => type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    // Minimal APIs wrap JSON errors in BadHttpRequestException; the inner message names the path.
    private static string Describe(BadHttpRequestException e) =>
        e.InnerException is JsonException json ? $"The body is not valid JSON for this request: {json.Message}" : e.Message;

    private ProblemDetails StorageUnavailable(HttpContext httpContext, Exception e)
    {
        var failed = e as RequestFailedException ?? (e as AggregateException)?.InnerExceptions.OfType<RequestFailedException>().LastOrDefault();
        LogStorage(logger, failed?.Status ?? 0, failed?.ErrorCode, e);
        httpContext.Response.Headers.RetryAfter = StorageFaults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Storage is unavailable",
            Detail = "The request could not be completed because storage did not answer as expected. Nothing was stored unless the response said so; try again shortly.",
        };
    }

    // Every store re-reads and retries its own races; one that still loses is the caller's to retry.
    private ProblemDetails StorageConflict(RequestFailedException e)
    {
        LogStorage(logger, e.Status, e.ErrorCode, e);
        return new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Changed at the same moment",
            Detail = "Someone else changed the same thing while this request was being handled; nothing from this request was stored. Reload and try again.",
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage request failed with {Status} {ErrorCode}")]
    private static partial void LogStorage(ILogger logger, int status, string? errorCode, Exception exception);
}
