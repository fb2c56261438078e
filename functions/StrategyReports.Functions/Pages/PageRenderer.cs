using System.Text;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Pages;

/// <summary>A link in the header's navigation or on a page.</summary>
public sealed record PageLink(string Text, string Href);

/// <summary>One field's error, for the NHS.UK error summary (which links to the field) and the field itself.</summary>
public sealed record FieldError(string FieldId, string Message);

/// <summary>
/// Renders <c>templates/pages/{name}.hbs</c> inside the NHS.UK layout. Pages are plain HTML forms
/// and links, so they work without JavaScript.
/// </summary>
public sealed class PageRenderer(TemplateLibrary templates)
{
    public const string ServiceName = "StrategyReports";

    public IResult Render(string page, string title, object model, int statusCode = StatusCodes.Status200OK, IReadOnlyList<PageLink>? navigation = null, bool hasErrors = false)
    {
        var content = templates.Render($"pages/{page}", model);
        var html = templates.Render("pages/layout", new LayoutModel(title, ServiceName, "/", navigation ?? [], content, hasErrors));
        return new HtmlPage(html, statusCode);
    }

    /// <summary>A page with a heading and a few sentences: not found, closed, thank you.</summary>
    public IResult Message(string heading, IReadOnlyList<string> paragraphs, int statusCode = StatusCodes.Status200OK, PageLink? link = null) =>
        Render("message", heading, new { Heading = heading, Paragraphs = paragraphs, Link = link }, statusCode);

    private sealed record LayoutModel(string Title, string ServiceName, string HomeHref, IReadOnlyList<PageLink> Navigation, string Content, bool HasErrors);

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
