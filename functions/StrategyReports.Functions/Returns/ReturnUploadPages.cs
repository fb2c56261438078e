using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Domain;
using StrategyReports.Domain.Exports;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Exports;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Returns;

/// <summary>
/// The return form's spreadsheet route, for a returns officer whose figures come from their own systems: download
/// the partner's return for the quarter in the returns export's layout, fill it in, and upload it back. The upload
/// goes through <see cref="ReturnImports"/>, the path of the import API, limited to the link's own partner.
/// </summary>
public static class ReturnUploadPages
{
    public const string UploadPath = LinkSession.FormPath + "/upload";

    private const string FileField = "file";

    public static IEndpointRouteBuilder MapReturnUploadPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(LinkSession.FormPath + "/return.xlsx", (HttpContext http, [AsParameters] ReturnFormServices services, CancellationToken cancellationToken) =>
                DownloadAsync(TableFormat.Xlsx, http, services, cancellationToken))
            .WithName("DownloadReturnXlsx").AllowAnonymous();
        app.MapGet(LinkSession.FormPath + "/return.csv", (HttpContext http, [AsParameters] ReturnFormServices services, CancellationToken cancellationToken) =>
                DownloadAsync(TableFormat.Csv, http, services, cancellationToken))
            .WithName("DownloadReturnCsv").AllowAnonymous();

        // The form's proof stands in for antiforgery, as on the return form itself.
        app.MapPost(UploadPath, UploadAsync).WithName("UploadReturnFile").AllowAnonymous().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes));
        return app;
    }

    // The file plus the multipart framing and the few hidden fields around it.
    private const long MaxRequestBytes = TableFiles.MaxUploadBytes + (64 * 1024);

    /// <summary>The upload part of a form page for this link and quarter, with an error on the file when there is one.</summary>
    public static ReturnUploadForm Form(PersonalLinks links, PersonalLink link, Period period, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(links);
        return new ReturnUploadForm(
            FileField,
            UploadPath,
            links.FormProof(link),
            Guid.NewGuid().ToString("N"),
            period.Id,
            LinkSession.FormPath + "/return.xlsx",
            LinkSession.FormPath + "/return.csv",
            (int)(TableFiles.MaxUploadBytes / (1024 * 1024)),
            error);
    }

    /// <summary>The partner's return for the quarter the form is open for, one row per success measure, as the returns export writes it.</summary>
    public static async Task<IResult> DownloadAsync(TableFormat format, HttpContext http, ReturnFormServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(services);
        var (link, refusal) = await ReturnForm.SessionLinkAsync(http, services.Pages, services.Links, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }

        var (context, closed) = await ReturnForm.CurrentContextAsync(link, services.Strategies, services.Submissions, services.Time, cancellationToken);
        if (closed is not null)
        {
            return services.Pages.Message("No return is due now", closed);
        }

        http.Response.Headers.CacheControl = "no-store";
        var scope = new ReturnsTable.Scope(partner => partner.Id == link.PartnerId, _ => true);
        return await ExportFiles.ReturnsAsync(format, context!.Strategy.Strategy, [context.Window.Period], everyVersion: false, scope, services.Store, cancellationToken);
    }

    public static async Task<IResult> UploadAsync(HttpContext http, [AsParameters] ReturnFormServices services, ReturnImports imports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(services);
        var (pages, links) = (services.Pages, services.Links);
        var (link, refusal) = await ReturnForm.SessionLinkAsync(http, pages, links, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }

        IFormCollection posted;
        try
        {
            posted = http.Request.HasFormContentType
                ? await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxRequestBytes }, cancellationToken)
                : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            posted = FormCollection.Empty;
        }

        if (!links.IsFormProof(link, posted["proof"]) || !Period.TryParse(posted["period"], out var period))
        {
            return pages.Message(
                "The file could not be accepted",
                ["It did not come from your return form. Open your personal link again and upload the file there."],
                StatusCodes.Status403Forbidden);
        }

        if (await ReturnForm.ExpectedReturnAsync(link, period, services.Strategies, cancellationToken) is not (var published, var partner))
        {
            return pages.Message("No return is due now", ["Your partnership no longer expects a return from this link. Contact your partnership's admin."], StatusCodes.Status404NotFound);
        }

        var strategy = published.Strategy;
        var context = await services.Submissions.GetContextAsync(published, partner, period, cancellationToken);
        var dryRun = posted["check"] == "yes";
        var result = Result(strategy, partner, period, context, dryRun, Form(links, link, period));
        if (posted.Files.GetFile(FileField) is not { Length: > 0 } file)
        {
            return Refused(pages, result, StatusCodes.Status422UnprocessableEntity, "Choose your return's .xlsx or .csv file to upload.");
        }

        try
        {
            await using var upload = file.OpenReadStream();
            var (rows, hash) = await TableFiles.ReadAsync(upload, ReturnsImport.RequiredColumns, cancellationToken);
            var imported = await imports.ImportAsync(
                link.PartnershipId,
                period,
                rows,
                hash,
                dryRun,
                string.IsNullOrEmpty(posted["submission"]) ? null : posted["submission"].ToString(),
                partnerId => partnerId == link.PartnerId,
                $"Personal link for {partner.Name}",
                $"import:link:{link.Id}",
                cancellationToken);
            var outcome = imported.Returns.SingleOrDefault(r => r.Partner == partner.Id);
            if (outcome is null)
            {
                return Refused(pages, result, StatusCodes.Status422UnprocessableEntity, "The file has no rows for your organisation: keep the partner_id column as the download has it.");
            }

            var measures = strategy.MeasuresFor(partner);
            return pages.Render(
                outcome.Stored ? "Return submitted" : dryRun ? "Your file was checked" : "Your file changes nothing",
                result with
                {
                    Stored = outcome.Stored,
                    Version = outcome.Version,
                    Reference = outcome.Stored ? $"{link.PartnershipId}/{period.Id}/{partner.Id}/v{outcome.Version}".ToUpperInvariant() : null,
                    Changes = Changes(outcome.Changes, measures),
                    Warnings = [.. outcome.Warnings.Select(w => w.Message)],
                });
        }
        catch (DomainException e) when (e is ValidationFailedException or TooLargeException or AccessDeniedException or NotFoundException)
        {
            return Refused(pages, result, RefusalStatus.Of(e), e is ValidationFailedException { Errors.Count: > 0 } invalid
                ? [.. invalid.Errors.SelectMany(pair => pair.Value.Select(message => $"{Capitalised(pair.Key)}: {message}"))]
                : [e.Message]);
        }
        catch (DomainException e) when (e is ConflictException or PreconditionFailedException or ClosedException)
        {
            return pages.Message(e.Title, [e.Message], RefusalStatus.Of(e));
        }
    }

    private static ReturnUploadResultPage Result(Strategy strategy, Partner partner, Period period, ReturnContext context, bool dryRun, ReturnUploadForm upload) =>
        new([], partner.Name, strategy.Name, Formatting.PeriodWithId(period), dryRun, Stored: false, Version: null, Reference: null, IsLate: context.State != ReturnsWindowState.Open, [], [], ReturnForm.PathFor(period), upload);

    private static IResult Refused(PageRenderer pages, ReturnUploadResultPage result, int status, params IReadOnlyList<string> problems) =>
        pages.Render(
            "Your file was not stored",
            result with
            {
                Errors = [.. problems.Select(message => new FieldError(FileField, message))],
                Upload = result.Upload with { Error = problems.Count == 1 ? problems[0] : $"The file has {problems.Count} problems, listed at the top of the page." },
            },
            status,
            hasErrors: true);

    // In the form's order, each figure shown as the form shows it; the narrative is not in the file, so never changes here.
    private static List<ReturnUploadChange> Changes(IReadOnlyList<ReturnChange> changes, IReadOnlyList<SuccessMeasure> measures) =>
        [.. measures.Select(measure => (measure, change: changes.FirstOrDefault(c => c.Field == $"values.{measure.Id}")))
            .Where(pair => pair.change is not null)
            .Select(pair => new ReturnUploadChange(pair.measure.Name, Figure(pair.measure, pair.change!.From), Figure(pair.measure, pair.change.To)))];

    // The change log keeps a value in its JSON shape; read it back as the measure's value to show it as the form does.
    private static string Figure(SuccessMeasure measure, JsonNode? node)
    {
        if (node is null)
        {
            return "blank";
        }

        var values = MeasureValueJson.Read(new JsonObject { [measure.Id] = node.DeepClone() }.ToJsonString(), _ => measure.Kind);
        return Formatting.Entered(values[measure.Id]);
    }

    private static string Capitalised(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
