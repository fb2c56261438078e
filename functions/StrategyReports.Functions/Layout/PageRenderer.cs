using System.Text;
using StrategyReports.Functions.Admin;
using StrategyReports.Functions.Chasing;
using StrategyReports.Functions.Highlights;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Surveys;
using StrategyReports.Functions.Workspace;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Layout;

/// <summary>A link in the header's navigation or on a page.</summary>
public sealed record PageLink(string Text, string Href);

/// <summary>One field's error, for the NHS.UK error summary (which links to the field) and the field itself.</summary>
public sealed record FieldError(string FieldId, string Message)
{
    /// <summary>Each problem of a refused request headed by its field's label, so the summary names the field as the form shows it.</summary>
    public static List<FieldError> Named(IReadOnlyDictionary<string, string[]> errors, Dictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(labels);
        return [.. errors.Select(e => new FieldError(e.Key, $"{labels.GetValueOrDefault(e.Key, e.Key)}: {string.Join(" ", e.Value).TrimEnd('.')}"))];
    }
}

/// <summary>
/// Renders a page's template (<c>{page}.sbn-html</c> in its feature's folder) inside the NHS.UK layout. Pages are plain HTML forms
/// and links, so they work without JavaScript.
/// </summary>
public sealed class PageRenderer(TemplateLibrary templates, StaticAssets assets)
{
    public const string ServiceName = "StrategyReports";

    // One stylesheet, NHS.UK's rules and the app's kept to those the pages use (scripts/stylesheet.mjs): on a slow
    // network each render-blocking request costs a round trip before the first paint.
    private readonly string _stylesheet = assets.Url("site.css");

    private readonly string _favicon = assets.Url("nhsuk/assets/images/favicon.svg");

    /// <summary>
    /// Every page template and its model type, for <see cref="TemplateLibrary.Load"/>. Listed rather than found by scanning the
    /// assembly's types, which loads every type in it at start-up (docs/cold-start.md); a test checks the list against such a scan.
    /// </summary>
    public static IReadOnlyList<TemplateModel> Templates { get; } =
    [
        Page<AdminAuditPage>(),
        Page<AdminCodeSheetPage>(),
        Page<AdminCodesPage>(),
        Page<AdminHomePage>(),
        Page<AdminLinkIssuedPage>(),
        Page<AdminLinkRevokePage>(),
        Page<AdminLinksPage>(),
        Page<AdminPeriodsPage>(),
        Page<AdminRunsPage>(),
        Page<AdminStrategyPage>(),
        Page<AdminStrategyPreviewPage>(),
        Page<AnonymityPage>(),
        Page<ChasingPage>(),
        Page<HomePage>(),
        Page<LayoutPage>(),
        Page<MessagePage>(),
        Page<MilestonePage>(),
        Page<PartnerHomePage>(),
        Page<PartnershipPageModel>(),
        Page<ProgrammeLogPage>(),
        Page<ReportsPage>(),
        Page<ReturnCheckPage>(),
        Page<ReturnConfirmationPage>(),
        Page<ReturnFormPage>(),
        Page<ReturnReviewPage>(),
        Page<ReturnUploadResultPage>(),
        Page<ReturnsStatusPage>(),
        Page<RiskPage>(),
        Page<SignInPage>(),
        Page<SurveyPage>(),
    ];

    private static TemplateModel Page<TPage>()
        where TPage : IPageModel =>
        new("pages/" + TPage.Template, typeof(TPage));

    public IResult Render<TPage>(string title, TPage model, int statusCode = StatusCodes.Status200OK, IReadOnlyList<PageLink>? navigation = null, bool hasErrors = false)
        where TPage : IPageModel =>
        new HtmlPage(Html(title, model, navigation, hasErrors), statusCode);

    /// <summary>The whole page: the model through its template, inside the layout.</summary>
    public string Html<TPage>(string title, TPage model, IReadOnlyList<PageLink>? navigation = null, bool hasErrors = false)
        where TPage : IPageModel
    {
        ArgumentNullException.ThrowIfNull(model);
        // The page's own template encoded everything it wrote, so the layout may take it as it is.
        var content = TrustedHtml.FromCode(templates.Render("pages/" + TPage.Template, model));
        return templates.Render("pages/" + LayoutPage.Template, new LayoutPage(title, ServiceName, "/", navigation ?? [], content, hasErrors, _stylesheet, _favicon));
    }

    /// <summary>A page with a heading and a few sentences: not found, closed, thank you.</summary>
    public IResult Message(string heading, IReadOnlyList<string> paragraphs, int statusCode = StatusCodes.Status200OK, PageLink? link = null) =>
        Render(heading, new MessagePage(heading, paragraphs, link), statusCode);

    private sealed class HtmlPage(string html, int statusCode) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => statusCode;

        public string ContentType => "text/html; charset=utf-8";

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = ContentType;
            // Pages may show personal data (a partner's return) or carry a personal link: never cache them.
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.ContentSecurityPolicy = Security.SecurityHeaders.PageContentSecurityPolicy;
            httpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
            return httpContext.Response.WriteAsync(html, Encoding.UTF8);
        }
    }
}
