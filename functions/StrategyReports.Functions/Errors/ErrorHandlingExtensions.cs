using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Errors;

public static class ErrorHandlingExtensions
{
    /// <summary>The largest request body accepted; a quarterly return or strategy document is far smaller.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Type ??= $"https://www.rfc-editor.org/rfc/rfc9110#status.{context.ProblemDetails.Status}";
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Binding failures become exceptions so they reach the one handler rather than an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return services;
    }

    /// <summary>
    /// An answer with a status and no body gets one: a page for a browser, problem details for everything else.
    /// </summary>
    public static WebApplication UseStatusAnswers(this WebApplication app)
    {
        // An answer with a status and no body (an address nothing serves, a method a page does not take) is a page in
        // the site's layout for a browser: a bare text answer has no icon link, so the browser asked for /favicon.ico,
        // a second 404 and an error in its console. Everything else gets the usual problem details.
        // The renderer is asked for by the first such page, not now: it waits for the template check (PageSetup.AddPages).
        var problemDetails = new StatusCodePagesOptions().HandleAsync;
        app.UseStatusCodePages(context => ProblemDetailsExceptionHandler.IsPage(context.HttpContext.Request)
            ? StatusPage(context.HttpContext.RequestServices.GetRequiredService<PageRenderer>(), context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext)
            : problemDetails(context));
        return app;
    }

    /// <summary>Refuses a body over <see cref="MaxRequestBodyBytes"/>, or the endpoint's own larger limit, with 413.</summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        // Kestrel enforces the limit for real traffic; this also covers the test server and
        // bodies of unknown length.
        app.Use((context, next) =>
        {
            // An endpoint that takes files (the returns import) declares its own, larger limit.
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxRequestBodyBytes;
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return next(context);
        });
        return app;
    }

    private static IResult StatusPage(PageRenderer pages, int status) =>
        status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed
            ? pages.Message("Page not found", ["If you typed the web address, check it is correct. If you pasted it, check you copied the whole address."], status)
            : pages.Message("Something went wrong", ["Go back and try again."], status);
}
