namespace StrategyReports.Functions.Security;

/// <summary>Headers every response carries, whatever wrote it: pages, JSON, problem details, assets, errors.</summary>
public static class SecurityHeaders
{
    /// <summary>The pages' policy: nothing from elsewhere, no base element to redirect relative links, no framing.</summary>
    public const string PageContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Report pages are self-contained: inline styles and SVG, nothing fetched, no script.</summary>
    public const string ReportContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Registered first, through <c>OnStarting</c>, so even the exception handler's rewrite of a response
    /// (which clears its headers) goes out with them.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
