using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Audit;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Links;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;

namespace StrategyReports.Functions.Admin;

/// <summary>
/// The partnership admin's pages under <c>/partnerships/{p}/admin</c>: everything that was API-only (publishing a
/// strategy, personal links, survey codes, reopening periods, running rollups and reports) and the audit trail. Each
/// action goes through the use case its API endpoint uses, so the page and the API refuse the same things. Only
/// admins of the partnership get in; everyone else is sent to sign in or shown the refusal, as on the leads' pages.
/// </summary>
public static class AdminPages
{
    public const string Root = "/partnerships/{partnershipId}/admin";

    /// <summary>A strategy document is far smaller than this; the upload form's framing fits in the rest.</summary>
    private const long MaxDocumentBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapAdminPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Root, HomeAsync).WithName("AdminHome").AdminOnly();
        app.MapGet(Root + "/strategy", ShowStrategyPage).WithName("AdminStrategyPage").AdminOnly();
        app.MapPost(Root + "/strategy/preview", PreviewAsync).WithName("AdminPreviewStrategy").AdminOnly().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxDocumentBytes + (64 * 1024)));
        app.MapPost(Root + "/strategy", PublishAsync).WithName("AdminPublishStrategy").AdminOnly().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute((MaxDocumentBytes * 7) + (64 * 1024)));
        app.MapGet(Root + "/links", LinksPageAsync).WithName("AdminLinksPage").AdminOnly(strategyRequired: true);
        app.MapPost(Root + "/links", IssueLinkAsync).WithName("AdminIssueLink").AdminOnly(strategyRequired: true).DisableAntiforgery();
        app.MapGet(Root + "/links/{linkId}/revoke", RevokePageAsync).WithName("AdminRevokeLinkPage").AdminOnly(strategyRequired: true);
        app.MapPost(Root + "/links/{linkId}/revoke", RevokeAsync).WithName("AdminRevokeLink").AdminOnly(strategyRequired: true).DisableAntiforgery();
        app.MapGet(Root + "/codes", ShowCodesPage).WithName("AdminCodesPage").AdminOnly(strategyRequired: true);
        app.MapPost(Root + "/codes", IssueCodesAsync).WithName("AdminIssueCodes").AdminOnly(strategyRequired: true).DisableAntiforgery();
        app.MapGet(Root + "/periods", PeriodsPageAsync).WithName("AdminPeriodsPage").AdminOnly(strategyRequired: true);
        app.MapPost(Root + "/periods/{period}/reopen", ReopenAsync).WithName("AdminReopenPeriod").AdminOnly(strategyRequired: true).DisableAntiforgery();
        app.MapPost(Root + "/periods/{period}/close", CloseAgainAsync).WithName("AdminCloseReopenedPeriod").AdminOnly(strategyRequired: true).DisableAntiforgery();
        app.MapGet(Root + "/runs", ShowRunsPage).WithName("AdminRunsPage").AdminOnly(strategyRequired: true);
        app.MapPost(Root + "/runs", RunAsync).WithName("AdminRun").AdminOnly(strategyRequired: true).DisableAntiforgery();
        app.MapGet(Root + "/audit", AuditPageAsync).WithName("AdminAuditPage").AdminOnly();
        app.MapGet("/api/partnerships/{partnershipId}/audit", AuditApiAsync).WithName("GetAuditTrail").RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>
    /// A page only admins of the partnership get to (and, where <paramref name="strategyRequired"/>, only once it has a
    /// strategy). Anyone may ask for it, so that everyone else is shown a page, as on the leads' pages: sign in, or why not.
    /// </summary>
    private static RouteHandlerBuilder AdminOnly(this RouteHandlerBuilder page, bool strategyRequired = false) =>
        page.AllowAnonymous().AddEndpointFilter(AdminRequest.Filter(strategyRequired));

    private static string Name(AdminRequest request, PublishedStrategy? published) => published?.Strategy.Name ?? request.PartnershipId;

    private static IReadOnlyList<PageLink> Navigation(AdminRequest request) =>
    [
        new("Admin", request.BasePath),
        new("Strategy", request.BasePath + "/strategy"),
        new("Personal links", request.BasePath + "/links"),
        new("Survey codes", request.BasePath + "/codes"),
        new("Periods", request.BasePath + "/periods"),
        new("Rollups and reports", request.BasePath + "/runs"),
        new("Audit trail", request.BasePath + "/audit"),
    ];

    private static IResult Render<TPage>(AdminRequest request, string title, TPage model, int status = StatusCodes.Status200OK, bool hasErrors = false)
        where TPage : IPageModel =>
        request.Pages.Render(title, model, status, Navigation(request), hasErrors);

    // ---- Home ----

    public static async Task<IResult> HomeAsync([AsParameters] AdminRequest request, ReturnStore returns, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var periods = published is null ? [] : await PeriodRowsAsync(request, published.Strategy, returns, withActions: false, cancellationToken);
        return Render(request, $"Admin: {Name(request, published)}", new AdminHomePage(
            Name(request, published),
            request.BasePath,
            published?.Version.Version ?? 0,
            published is null ? string.Empty : Formatting.Moment(published.Version.PublishedAt),
            published?.Version.PublishedBy ?? string.Empty,
            periods));
    }

    private static async Task<List<AdminPeriodRow>> PeriodRowsAsync(AdminRequest request, Strategy strategy, ReturnStore returns, bool withActions, CancellationToken cancellationToken)
    {
        var now = request.Time.GetUtcNow();
        var rows = new List<AdminPeriodRow>();
        foreach (var period in strategy.Periods)
        {
            var window = strategy.Calendar.WindowFor(period);
            var state = window.StateAt(now);
            var reopened = state == ReturnsWindowState.Closed && await returns.GetReopeningAsync(strategy.PartnershipId, period, cancellationToken) is not null;
            var (text, action, actionText) = state switch
            {
                ReturnsWindowState.NotYetOpen => ("Not yet open", (string?)null, (string?)null),
                ReturnsWindowState.Open => ("Open", null, null),
                ReturnsWindowState.Late => ("Open (returns now late)", null, null),
                _ when reopened => ("Reopened", $"{request.BasePath}/periods/{period.Id}/close", "Close again"),
                _ => ("Closed", $"{request.BasePath}/periods/{period.Id}/reopen", "Reopen"),
            };
            rows.Add(new AdminPeriodRow(
                period.Id,
                Formatting.Period(period),
                $"{Formatting.Date(window.OpensOn)} to {Formatting.Date(window.ClosesOn)}, due {Formatting.Date(window.DueOn)}",
                text,
                withActions ? action : null,
                withActions ? actionText : null));
        }

        return rows;
    }

    // ---- Publishing a strategy ----

    public static IResult ShowStrategyPage([AsParameters] AdminRequest request) => UploadPage(request, request.Published, null);

    private static IResult UploadPage(AdminRequest request, PublishedStrategy? published, string? error, int status = StatusCodes.Status200OK) =>
        Render(
            request,
            error is null ? "Publish a strategy" : "Error: publish a strategy",
            new AdminStrategyPage(Name(request, published), request.BasePath, request.Token, published?.Version.Version ?? 0, error is null ? [] : [new FieldError("file", error)], error),
            status,
            hasErrors: error is not null);

    public static async Task<IResult> PreviewAsync([AsParameters] AdminRequest request, StrategyPublishing publishing, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var form = await ReadFormAsync(request.Http, cancellationToken);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return UploadPage(request, published, "Choose the strategy's .yaml or .json file", StatusCodes.Status422UnprocessableEntity);
        }

        if (file.Length > MaxDocumentBytes)
        {
            return UploadPage(request, published, $"The file must be smaller than {MaxDocumentBytes / 1024} KB", StatusCodes.Status413PayloadTooLarge);
        }

        string text;
        using (var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        var contentType = ContentTypeOf(file.FileName, file.ContentType);
        var preview = await publishing.PreviewAsync(request.User, request.PartnershipId, text, contentType, cancellationToken);
        return PreviewPage(request, published, Path.GetFileName(file.FileName), text, contentType, preview);
    }

    private static IResult PreviewPage(AdminRequest request, PublishedStrategy? published, string fileName, string text, string contentType, StrategyPreview preview)
    {
        var problems = preview.Problems.Select(p => new AdminProblemRow(
            p.Line?.ToString(CultureInfo.InvariantCulture) ?? "–",
            p.Path == StrategyProblem.DocumentPath ? "the whole document" : p.Path,
            p.Message)).ToList();
        var model = new AdminStrategyPreviewPage(
            Name(request, published),
            request.BasePath,
            request.Token,
            preview.CurrentVersion,
            fileName,
            preview.IsValid,
            preview.IsValid ? [] : [.. problems.Select(p => new FieldError("file", p.Line == "–" ? $"{p.Where}: {p.Message}" : $"Line {p.Line}, {p.Where}: {p.Message}"))],
            problems,
            [.. (preview.Diff?.Changes ?? []).Select(Change)],
            preview.IsValid ? text : string.Empty,
            contentType);
        return Render(
            request,
            preview.IsValid ? "Check the changes before publishing" : "Error: the strategy has problems",
            model,
            preview.IsValid ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity,
            hasErrors: !preview.IsValid);
    }

    private static AdminChangeRow Change(StrategyChange change) => new(
        change.Part,
        change.Id,
        change.Name,
        change.Kind switch
        {
            StrategyChangeKind.Added => "Added",
            StrategyChangeKind.Removed => "Removed",
            _ => "Changed",
        },
        change.Kind switch
        {
            StrategyChangeKind.Added => "nhsuk-tag--green",
            StrategyChangeKind.Removed => "nhsuk-tag--red",
            _ => "nhsuk-tag--yellow",
        },
        [.. change.Fields.Select(f => new AdminFieldChangeRow(f.Field, f.Before ?? "not set", f.After ?? "not set"))]);

    public static async Task<IResult> PublishAsync([AsParameters] AdminRequest request, StrategyPublishing publishing, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var form = await ReadFormAsync(request.Http, cancellationToken);
        var text = form["document"].ToString();
        var contentType = form["contentType"].ToString() is "application/json" ? "application/json" : "application/yaml";
        if (!int.TryParse(form["basedOnVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var basedOn))
        {
            return UploadPage(request, published, "Upload the strategy file again and check it before publishing", StatusCodes.Status422UnprocessableEntity);
        }

        try
        {
            var (version, created) = await publishing.PublishAsync(request.User, request.PartnershipId, text, contentType, basedOn, cancellationToken);
            return request.Pages.Render(
                created ? "Strategy published" : "Nothing to publish",
                new MessagePage(
                    created ? $"Version {version.Version.Version} is published" : $"Version {version.Version.Version} is unchanged",
                    created
                        ? [$"{version.Strategy.Name}: returns, rollups and reports use version {version.Version.Version} from now on. Earlier versions stay readable."]
                        : ["The document is the same as the current version, so no new version was made."],
                    new PageLink("Back to the admin pages", request.BasePath)),
                created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
                Navigation(request));
        }
        catch (ConflictException e)
        {
            return request.Pages.Render(
                "Someone else published first",
                new MessagePage(
                    "Someone else published a new version first",
                    [e.Message, "Nothing was published. Upload your file again to see what it changes against the new version."],
                    new PageLink("Upload the file again", request.BasePath + "/strategy")),
                StatusCodes.Status409Conflict,
                Navigation(request));
        }
        catch (ValidationFailedException)
        {
            return UploadPage(request, published, "The document has problems: upload it again to see them against their lines", StatusCodes.Status422UnprocessableEntity);
        }
    }

    // Browsers send a .yaml file as application/octet-stream or nothing; the name says what it is.
    private static string ContentTypeOf(string fileName, string? sent) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json"
        : fileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ? "application/yaml"
        : sent ?? string.Empty;

    private static async Task<IFormCollection> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            return http.Request.HasFormContentType
                ? await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxDocumentBytes + (64 * 1024) }, cancellationToken)
                : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            return FormCollection.Empty;
        }
    }

    // ---- Personal links ----

    public static Task<IResult> LinksPageAsync([AsParameters] AdminRequest request, string? revoked, LinkAdministration links, CancellationToken cancellationToken) =>
        LinksPage(request, request.Published!, links, revoked == "yes" ? "The link was revoked. It no longer opens the form." : null, null, null, [], cancellationToken);

    private static async Task<IResult> LinksPage(
        AdminRequest request, PublishedStrategy published, LinkAdministration links, string? notice, string? partner, string? days, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        var strategy = published.Strategy;
        var now = request.Time.GetUtcNow();
        var all = await links.ListAsync(request.User, request.PartnershipId, cancellationToken);
        var errorOf = errors.ToDictionary(e => e.FieldId, e => e.Message, StringComparer.Ordinal);
        var model = new AdminLinksPage(
            strategy.Name,
            request.BasePath,
            request.Token,
            errors,
            new SelectField("partner", "partner", "Partner", "The organisation whose returns officer will use the link.", errorOf.GetValueOrDefault("partner"),
                [new PageOption(string.Empty, "Choose a partner", string.IsNullOrEmpty(partner)), .. strategy.Partners.Select(p => new PageOption(p.Id, p.Name, p.Id == partner))]),
            new FormField("expiresInDays", "expiresInDays", "Days the link lasts", $"From 1 to {PersonalLinks.MaximumDays}.", days ?? PersonalLinks.DefaultDays.ToString(CultureInfo.InvariantCulture), errorOf.GetValueOrDefault("expiresInDays")),
            notice,
            [.. all.OrderByDescending(l => l.IssuedAt).Select(l => new AdminLinkRow(
                strategy.FindPartner(l.PartnerId)?.Name ?? l.PartnerId,
                Formatting.Moment(l.IssuedAt),
                l.IssuedBy,
                Formatting.Moment(l.ExpiresAt),
                "Not recorded",
                l.RevokedAt is { } at ? $"Revoked {Formatting.Moment(at)}" : l.ExpiresAt <= now ? "Expired" : "Active",
                l.RevokedAt is null && l.ExpiresAt > now ? $"{request.BasePath}/links/{l.Id}/revoke" : null))]);
        return Render(request, errors.Count > 0 ? "Error: personal links" : "Personal links", model, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK, errors.Count > 0);
    }

    public static async Task<IResult> IssueLinkAsync([AsParameters] AdminRequest request, LinkAdministration links, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var form = await ReadFormAsync(request.Http, cancellationToken);
        var partner = form["partner"].ToString();
        var daysText = form["expiresInDays"].ToString().Trim();
        int? days = int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        try
        {
            var (link, token) = await links.IssueAsync(request.User, request.PartnershipId, partner, days, cancellationToken);
            var name = published!.Strategy.FindPartner(link.PartnerId)!.Name;
            var url = $"{request.Http.Request.Scheme}://{request.Http.Request.Host}/r/{token}";
            var expires = Formatting.Moment(link.ExpiresAt);
            var message = string.Join('\n',
                $"Subject: Your {published.Strategy.Name} return for {name}",
                string.Empty,
                "Hello,",
                string.Empty,
                $"This is your organisation's personal link for sending {published.Strategy.Name} quarterly returns for {name}:",
                string.Empty,
                url,
                string.Empty,
                $"It works until {expires}. Anyone with the link can submit {name}'s return, so please do not forward it. If it stops working, reply to this e-mail for a new one.",
                string.Empty,
                "Thank you");
            return Render(request, "Personal link issued", new AdminLinkIssuedPage(published.Strategy.Name, request.BasePath, name, url, expires, message), StatusCodes.Status201Created);
        }
        catch (ValidationFailedException e) when (e.Errors is { Count: > 0 } errors)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["partner"] = "Partner", ["expiresInDays"] = "Days the link lasts" };
            return await LinksPage(request, published!, links, null, partner, daysText, FieldError.Named(errors, labels), cancellationToken);
        }
    }

    public static async Task<IResult> RevokePageAsync([AsParameters] AdminRequest request, string linkId, LinkAdministration links, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var link = (await links.ListAsync(request.User, request.PartnershipId, cancellationToken)).FirstOrDefault(l => l.Id == linkId);
        if (link is null)
        {
            return request.Pages.Message("Link not found", ["This partnership issued no such link. Go back to the list and choose one there."], StatusCodes.Status404NotFound, new PageLink("Personal links", request.BasePath + "/links"));
        }

        var name = published!.Strategy.FindPartner(link.PartnerId)?.Name ?? link.PartnerId;
        return Render(request, $"Revoke {name}'s link", new AdminLinkRevokePage(
            published.Strategy.Name, request.BasePath, request.Token, name, Formatting.Moment(link.IssuedAt), Formatting.Moment(link.ExpiresAt), $"{request.BasePath}/links/{link.Id}/revoke"));
    }

    public static async Task<IResult> RevokeAsync([AsParameters] AdminRequest request, string linkId, LinkAdministration links, CancellationToken cancellationToken)
    {
        try
        {
            await links.RevokeAsync(request.User, request.PartnershipId, linkId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return request.Pages.Message("Link not found", ["This partnership issued no such link. Go back to the list and choose one there."], StatusCodes.Status404NotFound, new PageLink("Personal links", request.BasePath + "/links"));
        }

        return TypedResults.Redirect($"{request.BasePath}/links?revoked=yes");
    }

    // ---- Survey codes ----

    public static IResult ShowCodesPage([AsParameters] AdminRequest request) => CodesPage(request, request.Published!, null, null, []);

    private static IResult CodesPage(AdminRequest request, PublishedStrategy published, string? survey, string? count, IReadOnlyList<FieldError> errors)
    {
        var surveys = published.Strategy.Surveys;
        var errorOf = errors.ToDictionary(e => e.FieldId, e => e.Message, StringComparer.Ordinal);
        var model = new AdminCodesPage(
            published.Strategy.Name,
            request.BasePath,
            request.Token,
            errors,
            surveys.Count > 0,
            new SelectField("survey", "survey", "Survey", null, errorOf.GetValueOrDefault("survey"), [.. surveys.Select(s => new PageOption(s.Id, s.Title, s.Id == survey))]),
            new FormField("count", "count", "How many codes", $"One for each member of staff who will be given a slip, up to {Surveys.SurveyCodeStore.MaxCodesPerRequest} at a time.", count ?? string.Empty, errorOf.GetValueOrDefault("count")));
        return Render(request, errors.Count > 0 ? "Error: survey codes" : "Survey codes", model, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK, errors.Count > 0);
    }

    public static async Task<IResult> IssueCodesAsync([AsParameters] AdminRequest request, SurveyCodeIssuing codes, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var form = await ReadFormAsync(request.Http, cancellationToken);
        var surveyId = form["survey"].ToString();
        var countText = form["count"].ToString().Trim();
        var survey = published!.Strategy.Surveys.FirstOrDefault(s => s.Id == surveyId);
        if (survey is null)
        {
            return CodesPage(request, published, surveyId, countText, [new FieldError("survey", "Survey: choose one of the strategy's surveys")]);
        }

        try
        {
            var count = int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
            var issued = await codes.IssueAsync(request.User, request.PartnershipId, surveyId, count, cancellationToken);
            return Render(request, $"Codes for {survey.Title}", new AdminCodeSheetPage(published.Strategy.Name, request.BasePath, survey.Title, $"{request.Http.Request.Scheme}://{request.Http.Request.Host}/s/{survey.Id}", issued), StatusCodes.Status201Created);
        }
        catch (ValidationFailedException e) when (e.Errors is { Count: > 0 } errors)
        {
            return CodesPage(request, published, surveyId, countText, FieldError.Named(errors, new(StringComparer.Ordinal) { ["count"] = "How many codes" }));
        }
        catch (NotFoundException)
        {
            return CodesPage(request, published, surveyId, countText, [new FieldError("survey", "Survey: it takes codes only once the strategy that names it is published")]);
        }
    }

    // ---- Periods ----

    public static async Task<IResult> PeriodsPageAsync([AsParameters] AdminRequest request, string? done, ReturnStore returns, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var notice = done switch
        {
            { } id when id.StartsWith("reopened-", StringComparison.Ordinal) => $"{id["reopened-".Length..]} is reopened: partners can submit and change returns for it until you close it again.",
            { } id when id.StartsWith("closed-", StringComparison.Ordinal) => $"{id["closed-".Length..]} is closed again: its returns are locked.",
            _ => null,
        };
        return Render(request, "Periods", new AdminPeriodsPage(published!.Strategy.Name, request.BasePath, request.Token, notice, [], await PeriodRowsAsync(request, published.Strategy, returns, withActions: true, cancellationToken)));
    }

    public static Task<IResult> ReopenAsync(
        [AsParameters] AdminRequest request, string period, PeriodReopening reopenings, CancellationToken cancellationToken) =>
        ChangePeriodAsync(request, period, async () =>
        {
            var (at, _) = await reopenings.ReopenAsync(request.User, request.PartnershipId, period, cancellationToken);
            return "reopened-" + at.Id;
        });

    public static Task<IResult> CloseAgainAsync(
        [AsParameters] AdminRequest request, string period, PeriodReopening reopenings, CancellationToken cancellationToken) =>
        ChangePeriodAsync(request, period, async () =>
        {
            var at = await reopenings.CloseAgainAsync(request.User, request.PartnershipId, period, cancellationToken);
            return "closed-" + at.Id;
        });

    private static async Task<IResult> ChangePeriodAsync(AdminRequest request, string period, Func<Task<string>> change)
    {
        try
        {
            return TypedResults.Redirect($"{request.BasePath}/periods?done={await change()}");
        }
        catch (NotFoundException)
        {
            return request.Pages.Message("Period not found", [$"'{period}' is not a period of this strategy. Choose one from the list."], StatusCodes.Status404NotFound, new PageLink("Periods", request.BasePath + "/periods"));
        }
    }

    // ---- Rollups and reports ----

    public static IResult ShowRunsPage([AsParameters] AdminRequest request) => RunsPage(request, request.Published!, null, [], null, [], []);

    private static IResult RunsPage(
        AdminRequest request, PublishedStrategy published, string? period, IReadOnlyList<FieldError> errors, string? heading, IReadOnlyList<AdminRunResultRow> result, IReadOnlyList<PageLink> reports, int status = StatusCodes.Status200OK)
    {
        var strategy = published.Strategy;
        var now = request.Time.GetUtcNow();
        // Periods whose window has opened, newest first: the ones that have returns to roll up.
        var periods = strategy.Periods.Where(p => strategy.Calendar.WindowFor(p).StateAt(now) != ReturnsWindowState.NotYetOpen).Reverse().ToList();
        var chosen = period ?? (periods.Count > 0 ? periods[0].Id : null);
        var model = new AdminRunsPage(
            strategy.Name,
            request.BasePath,
            request.Token,
            errors,
            new SelectField("period", "period", "Period", null, errors.FirstOrDefault()?.Message, [.. periods.Select(p => new PageOption(p.Id, Formatting.Period(p), p.Id == chosen))]),
            heading,
            result,
            reports);
        return Render(request, errors.Count > 0 ? "Error: rollups and reports" : "Rollups and reports", model, status, errors.Count > 0);
    }

    public static async Task<IResult> RunAsync([AsParameters] AdminRequest request, RollupService rollups, ReportService reports, CancellationToken cancellationToken)
    {
        var published = request.Published;
        var form = await ReadFormAsync(request.Http, cancellationToken);
        var period = form["period"].ToString();
        try
        {
            if (form["task"] == "reports")
            {
                var (manifest, changed) = await reports.GenerateAsync(request.User, request.PartnershipId, period, cancellationToken);
                return RunsPage(
                    request,
                    published!,
                    period,
                    [],
                    $"Reports for {period} generated",
                    [
                        new("Changed", changed ? "Yes" : "No: the stored reports were already up to date"),
                        new("From rollup version", manifest.RollupVersion.ToString(CultureInfo.InvariantCulture)),
                        new("Strategy version", manifest.StrategyVersion.ToString(CultureInfo.InvariantCulture)),
                        new("Returns used", manifest.ReturnVersions.Count.ToString(CultureInfo.InvariantCulture)),
                        new("Files", manifest.Files.Count.ToString(CultureInfo.InvariantCulture)),
                        new("Generated", Formatting.Moment(manifest.GeneratedAt)),
                    ],
                    [
                        new PageLink($"The reports page for {period}", ReportAddresses.Page(request.PartnershipId, period)),
                        .. manifest.Files.Select(f => new PageLink($"{f.Title} ({f.Kind.ToUpperInvariant()})", ReportAddresses.File(manifest.PartnershipId, manifest.PeriodId, f.Name))),
                    ]);
            }

            var run = await rollups.RunAsync(request.User, request.PartnershipId, period, cancellationToken);
            return RunsPage(
                request,
                published!,
                period,
                [],
                $"Rollup for {period} done",
                [
                    new("Version", run.Version!.Value.ToString(CultureInfo.InvariantCulture)),
                    new("Recomputed", run.DidWork ? "Yes: the returns had changed" : "No: the returns are the same as for the stored version"),
                    new("Programmes", published!.Strategy.Programmes.Count.ToString(CultureInfo.InvariantCulture)),
                    new("Measures", published.Strategy.Measures.Count().ToString(CultureInfo.InvariantCulture)),
                ],
                [new PageLink($"The returns page for {period}", $"/partnerships/{request.PartnershipId}/returns/{period}")]);
        }
        catch (DomainException e) when (e is NotFoundException or ConflictException or ValidationFailedException)
        {
            return RunsPage(request, published!, period, [new FieldError("period", $"Period: {e.Message}")], null, [], [], RefusalStatus.Of(e));
        }
    }

    // ---- Audit trail ----

    public static async Task<IResult> AuditPageAsync([AsParameters] AdminRequest request, string? from, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (entries, next) = await audit.ListAsync(request.PartnershipId, from, cancellationToken);
        return Render(request, "Audit trail", new AdminAuditPage(
            Name(request, request.Published),
            request.BasePath,
            [.. entries.Select(e => new AdminAuditRow(Formatting.Moment(e.At), e.Who, e.What, $"{e.Method} {e.RouteValues}".Trim(), e.Status.ToString(CultureInfo.InvariantCulture)))],
            next is null ? null : $"{request.BasePath}/audit?from={Uri.EscapeDataString(next)}",
            string.IsNullOrEmpty(from) ? null : request.BasePath + "/audit"));
    }

    public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Next);

    /// <summary>The partnership's audit trail, newest first, a page at a time: pass <c>next</c> back as <c>?from=</c> for the older entries.</summary>
    public static async Task<Ok<AuditPage>> AuditApiAsync(string partnershipId, string? from, ClaimsPrincipal user, AuditTrail audit, CancellationToken cancellationToken)
    {
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        var (entries, next) = await audit.ListAsync(partnershipId, from, cancellationToken);
        return TypedResults.Ok(new AuditPage(entries, next));
    }
}
