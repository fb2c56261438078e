using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace StrategyReports.Functions.Security;

/// <summary>
/// A browser sends the session cookie with any request, including one a page elsewhere makes it send. So an
/// unsafe request (POST, PUT, PATCH, DELETE) that is authenticated by the session cookie must also carry this
/// site's antiforgery token, in the form field <c>__RequestVerificationToken</c> or the header
/// <c>RequestVerificationToken</c>, which another site cannot read. Requests with an API key in a header
/// cannot be forged by a browser and need no token.
/// </summary>
public static class SessionForgeryCheck
{
    public const string HeaderName = "RequestVerificationToken";

    public static IApplicationBuilder UseSessionForgeryCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!IsSafe(context.Request.Method)
                && (await context.AuthenticateAsync()).Principal is { } user
                && SignInSession.IsSessionCaller(user)
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = "Missing or wrong antiforgery token",
                        Detail = $"A request signed in with the session cookie must carry this site's antiforgery token (form field __RequestVerificationToken or header {HeaderName}).",
                    },
                });
                return;
            }

            await next(context);
        });

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
