using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StrategyReports.Functions.Demo;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;

namespace StrategyReports.Functions.Workspace;

/// <summary>The pages every visitor can reach: home, sign-in, the anonymity statement, and the styles.</summary>
public static class WorkspacePages
{
    public static IEndpointRouteBuilder MapWorkspacePages(this IEndpointRouteBuilder app)
    {
        // The Functions host can't route an empty path to a function; an optional, always-empty
        // parameter is its documented way to serve the site root.
        app.MapGet("/{ignored:maxlength(0)?}", Home).WithName("Home").AllowAnonymous();
        app.MapGet("/about/anonymity", (PageRenderer pages, SurveyOptions surveys) => pages.Render("How surveys stay anonymous", new AnonymityPage(surveys.FlushBatchSize)))
            .WithName("AnonymityStatement").AllowAnonymous();
        app.MapGet("/signin", (HttpContext context, PageRenderer pages, string? returnUrl) => SignInPage(context, pages, returnUrl, null)).WithName("SignInPage").AllowAnonymous();
        app.MapPost("/signin", SignIn).WithName("SignIn").AllowAnonymous().DisableAntiforgery();
        app.MapPost("/signout", (Func<HttpContext, Task<RedirectHttpResult>>)SignOut).WithName("SignOut").AllowAnonymous().DisableAntiforgery();
        app.MapGet(StaticAssets.UrlPrefix + "{*path}", (HttpContext http, string path, StaticAssets assets) => assets.Serve(http, path)).WithName("Assets").AllowAnonymous();
        // Browsers ask for /favicon.ico of their own accord (for a file opened in a tab, or before they have read a page's
        // icon link); a 404 there is an error in the visitor's console.
        app.MapGet("/favicon.ico", (HttpContext http, StaticAssets assets) => assets.Serve(http, "favicon.ico")).WithName("Favicon").AllowAnonymous();
        return app;
    }

    // The Functions host's readiness probe also lands here, so an anonymous visit touches no storage;
    // the partnerships are listed only for a signed-in caller, and only those they may read.
    public static async Task<IResult> Home(HttpContext context, PageRenderer pages, StrategyStore strategies, DemoLinks demo, CancellationToken cancellationToken)
    {
        var user = context.User;
        var partnerships = user.Identity?.IsAuthenticated == true
            ? (await strategies.ListPartnershipsAsync(cancellationToken)).Where(p => user.CanReadPartnership(p.Id)).ToList()
            : [];
        return pages.Render("Workforce strategy reporting", new HomePage(
            partnerships,
            new DemoView(demo.IsEnabled, demo.IsReady, demo.HasFailed, demo.ReturnFormPath, demo.ReturnPartnerName, demo.SurveyPath, demo.ReportsPath, demo.ReturnsPath, demo.AdminPath)));
    }

    public static async Task<IResult> SignIn(HttpContext context, PageRenderer pages, IAntiforgery antiforgery, SignInThrottle throttle, TimeProvider time, IOptionsMonitor<AuthOptions> auth)
    {
        if (!throttle.TryAttempt(context))
        {
            context.Response.Headers.RetryAfter = ((int)SignInThrottle.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SignInPage(context, pages, null, "Too many sign-in attempts from your network. Wait a few minutes and try again", StatusCodes.Status429TooManyRequests);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalOrHome(form["returnUrl"].ToString());
        // A page elsewhere must not sign a visitor in under someone else's key.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInPage(context, pages, returnUrl, "The sign-in form had expired. Enter your access key again", StatusCodes.Status400BadRequest);
        }

        var key = form["key"].ToString().Trim();
        if (key.Length == 0)
        {
            return SignInPage(context, pages, returnUrl, "Enter your access key");
        }

        if (StrategyReportsAuthenticationHandler.FindKey(auth.CurrentValue, key) is not { } match)
        {
            return SignInPage(context, pages, returnUrl, "The access key is not recognised. Check it and try again", StatusCodes.Status401Unauthorized);
        }

        await SignInSession.SignInAsync(context, match, time);
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>Ends the session: removed from the session store, so even a copy of the cookie no longer works.</summary>
    public static async Task<RedirectHttpResult> SignOut(HttpContext context)
    {
        await context.SignOutAsync(SignInSession.Scheme);
        return TypedResults.Redirect("/");
    }

    private static IResult SignInPage(HttpContext context, PageRenderer pages, string? returnUrl, string? error, int status = StatusCodes.Status200OK) =>
        pages.Render(
            "Sign in",
            new SignInPage(
                LocalOrHome(returnUrl),
                context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken ?? "",
                error,
                error is null ? [] : [new FieldError("key", error)]),
            error is null ? StatusCodes.Status200OK : status,
            hasErrors: error is not null);

    /// <summary>
    /// Only a path on this site: a browser reads <c>//host</c> and <c>/\host</c> as another site, and drops tabs
    /// and newlines, so <c>/\t/host</c> is one too. Anything else goes home.
    /// </summary>
    public static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : "/";
}
