using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using StrategyReports.Functions.Demo;
using StrategyReports.Functions.Pages;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Apis;

/// <summary>The pages every visitor can reach: home, sign-in, the anonymity statement, and the styles.</summary>
public static class PagesApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly PhysicalFileProvider StaticFiles = new(Path.Combine(AppContext.BaseDirectory, "static"));

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        // The Functions host can't route an empty path to a function; an optional, always-empty
        // parameter is its documented way to serve the site root.
        app.MapGet("/{ignored:maxlength(0)?}", Home).WithName("Home").AllowAnonymous();
        app.MapGet("/about/anonymity", (PageRenderer pages) => pages.Render("How surveys stay anonymous", new AnonymityPage()))
            .WithName("AnonymityStatement").AllowAnonymous();
        app.MapGet("/signin", (PageRenderer pages, string? returnUrl) => SignInPage(pages, returnUrl, null)).WithName("SignInPage").AllowAnonymous();
        app.MapPost("/signin", SignIn).WithName("SignIn").AllowAnonymous().DisableAntiforgery();
        app.MapPost("/signout", SignOut).WithName("SignOut").AllowAnonymous().DisableAntiforgery();
        app.MapGet("/assets/{*path}", Asset).WithName("Assets").AllowAnonymous();
        return app;
    }

    // The Functions host's readiness probe also lands here: any answer will do.
    public static async Task<IResult> Home(PageRenderer pages, StrategyStore strategies, DemoLinks demo, CancellationToken cancellationToken) =>
        pages.Render("Workforce strategy reporting", new HomePage(
            await strategies.ListPartnershipsAsync(cancellationToken),
            new DemoView(demo.IsEnabled, demo.IsReady, demo.HasFailed, demo.ReturnFormPath, demo.ReturnPartnerName, demo.SurveyPath, demo.ReportsPath, demo.ReturnsPath)));

    public static async Task<IResult> SignIn(HttpContext context, PageRenderer pages, Microsoft.Extensions.Options.IOptionsMonitor<AuthOptions> auth)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var key = form["key"].ToString().Trim();
        var returnUrl = LocalOrHome(form["returnUrl"].ToString());
        if (key.Length == 0)
        {
            return SignInPage(pages, returnUrl, "Enter your access key");
        }

        if (!StrategyReportsAuthenticationHandler.IsKnownKey(auth.CurrentValue, key))
        {
            return SignInPage(pages, returnUrl, "The access key is not recognised. Check it and try again", StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(StrategyReportsAuthenticationHandler.KeyCookie, key, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            MaxAge = TimeSpan.FromHours(8),
        });
        return TypedResults.Redirect(returnUrl);
    }

    public static RedirectHttpResult SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(StrategyReportsAuthenticationHandler.KeyCookie);
        return TypedResults.Redirect("/");
    }

    public static IResult Asset(string path)
    {
        var file = StaticFiles.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || path.Contains("..", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(file.CreateReadStream(), ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream");
    }

    private static IResult SignInPage(PageRenderer pages, string? returnUrl, string? error, int status = StatusCodes.Status200OK) =>
        pages.Render(
            "Sign in",
            new SignInPage(LocalOrHome(returnUrl), error, error is null ? [] : [new FieldError("key", error)]),
            error is null ? StatusCodes.Status200OK : status,
            hasErrors: error is not null);

    // Only redirect within the site, so the sign-in page can't be used to send people elsewhere.
    private static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
