using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Reports;

/// <summary>Generating, listing and downloading a period's highlight reports and board packs, and the lead's page of them.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/partnerships/{partnershipId}/reports/{period}");
        reports.MapPost("", GenerateAsync).WithName("CreateReports").RequireAuthorization(Policies.Admin);
        reports.MapGet("", ListAsync).WithName("ListReports").RequireAuthorization(Policies.LeadOrAdmin);
        reports.MapGet("/{file}", DownloadAsync).WithName("GetReportFile").RequireAuthorization(Policies.LeadOrAdmin);
        app.MapGet("/partnerships/{partnershipId}/reports/{period}", PageAsync).WithName("ReportsPage").AllowAnonymous();
        return app;
    }

    /// <param name="Href">Where to download it through the API.</param>
    public sealed record ReportLink(string Name, string Kind, string SubjectId, string Title, string ContentType, string DownloadName, long Size, string Sha256, string Href);

    /// <param name="Changed">After a POST: whether anything was written (false when the stored reports were already identical).</param>
    public sealed record ReportListing(
        string PartnershipId,
        string PeriodId,
        int RollupVersion,
        int StrategyVersion,
        string TemplateVersion,
        DateTimeOffset GeneratedAt,
        bool ContainsSampleData,
        IReadOnlyList<ReturnVersionUsed> ReturnVersions,
        IReadOnlyList<ReportLink> Files,
        bool? Changed = null);

    /// <summary>Renders and stores the period's reports from its latest rollup; regenerating the same inputs changes nothing.</summary>
    public static async Task<Ok<ReportListing>> GenerateAsync(
        string partnershipId, string period, ClaimsPrincipal user, [FromServices] ReportService reports, CancellationToken cancellationToken)
    {
        var result = await reports.GenerateAsync(user, partnershipId, period, cancellationToken);
        return TypedResults.Ok(Listing(result.Manifest, _ => true) with { Changed = result.Changed });
    }

    public static async Task<Ok<ReportListing>> ListAsync(string partnershipId, string period, [AsParameters] ReportsApiServices services, CancellationToken cancellationToken)
    {
        var manifest = await ReadableManifestAsync(partnershipId, period, services.User, services.Store, cancellationToken);
        return TypedResults.Ok(Listing(manifest, await ReadableFilesAsync(services.User, manifest, services.Strategies, cancellationToken)));
    }

    /// <summary>One report file: PDFs download as attachments, HTML opens in the browser; both under a name that says what they are.</summary>
    public static async Task<IResult> DownloadAsync(
        string partnershipId, string period, string file, HttpResponse response, [AsParameters] ReportsApiServices services, CancellationToken cancellationToken)
    {
        var manifest = await ReadableManifestAsync(partnershipId, period, services.User, services.Store, cancellationToken);
        var entry = manifest.Files.FirstOrDefault(f => f.Name == file) ?? throw new NotFoundException("report", file);
        if (!(await ReadableFilesAsync(services.User, manifest, services.Strategies, cancellationToken))(entry))
        {
            throw new AccessDeniedException(entry.Kind == ReportService.BoardPackKind
                ? $"The board pack '{entry.SubjectId}' covers programmes you do not lead."
                : $"You do not lead the programme '{entry.SubjectId}'.");
        }

        var content = await services.Store.GetFileAsync(manifest, entry, cancellationToken)
            ?? throw new NotFoundException("report", file);

        // Files named by content are never replaced; one in the layout before them may be caught mid-regeneration, and is not served under the old checksum.
        if (ReportStore.Sha256(content) != entry.Sha256)
        {
            throw new NotReadyException("The report is being regenerated", $"'{file}' does not match its manifest yet; try again shortly.");
        }

        var isPdf = entry.Name.EndsWith(".pdf", StringComparison.Ordinal);
        response.Headers.ContentDisposition = $"{(isPdf ? "attachment" : "inline")}; filename=\"{entry.DownloadName}\"";
        response.Headers.ETag = $"\"{entry.Sha256}\"";
        response.Headers.CacheControl = "private, no-store";
        if (!isPdf)
        {
            response.Headers.ContentSecurityPolicy = SecurityHeaders.ReportContentSecurityPolicy;
        }

        return TypedResults.Bytes(content, entry.ContentType);
    }

    /// <summary>The lead's page: each report of the period with its PDF and web page.</summary>
    public static async Task<IResult> PageAsync(
        string partnershipId, string period, HttpContext context, PageRenderer pages, [AsParameters] ReportsApiServices services, CancellationToken cancellationToken)
    {
        if (LeadPageAccess.Refuse(context, pages, partnershipId) is { } refusal)
        {
            return refusal;
        }

        if (!Period.TryParse(period, out var quarter))
        {
            return pages.Message("Page not found", ["Check the address: it names a period such as 2026-27-Q2."], StatusCodes.Status404NotFound);
        }

        var manifest = await services.Store.GetManifestAsync(partnershipId, quarter, cancellationToken);
        var label = Formatting.Period(quarter);
        if (manifest is null)
        {
            return pages.Message($"No reports for {label} yet", ["Reports are generated each night after the rollup, or when an admin asks for them."], StatusCodes.Status404NotFound);
        }

        var name = (await services.Strategies.GetVersionAsync(partnershipId, manifest.StrategyVersion, cancellationToken))?.Strategy.Name ?? partnershipId;
        var canRead = await ReadableFilesAsync(services.User, manifest, services.Strategies, cancellationToken);
        var readable = manifest.Files.Where(canRead).ToList();
        var rows = readable
            .GroupBy(f => (f.Kind, f.SubjectId))
            .Select(g => new ReportRow(
                g.First().Title,
                g.Key.Kind == ReportService.BoardPackKind ? "Board pack" : "Highlight report",
                g.Where(f => f.Name.EndsWith(".pdf", StringComparison.Ordinal)).Select(f => Link(partnershipId, manifest, f)).FirstOrDefault(),
                g.Where(f => f.Name.EndsWith(".html", StringComparison.Ordinal)).Select(f => Link(partnershipId, manifest, f)).FirstOrDefault()))
            .OrderBy(r => r.Kind == "Board pack" ? 0 : 1)
            .ThenBy(r => r.Title, StringComparer.Ordinal)
            .ToList();
        return pages.Render($"Reports for {label}", new ReportsPage(name, label, Formatting.Moment(manifest.GeneratedAt), manifest.ContainsSampleData, rows));
    }

    private static ReportFileLink Link(string partnershipId, ReportManifest manifest, ReportFile file) =>
        new(ReportAddresses.File(partnershipId, manifest.PeriodId, file.Name), Formatting.FileSize(file.Size), file.DownloadName);

    private static async Task<ReportManifest> ReadableManifestAsync(string partnershipId, string period, ClaimsPrincipal user, ReportStore store, CancellationToken cancellationToken)
    {
        var quarter = RouteValues.RequirePeriod(period);
        user.RequireReaderOf(RouteValues.RequireId(partnershipId, "partnership"));

        return await store.GetManifestAsync(partnershipId, quarter, cancellationToken)
            ?? throw new NotFoundException("reports", $"{partnershipId} {quarter.Id}");
    }

    private static ReportListing Listing(ReportManifest manifest, Func<ReportFile, bool> canRead) => new(
        manifest.PartnershipId,
        manifest.PeriodId,
        manifest.RollupVersion,
        manifest.StrategyVersion,
        manifest.TemplateVersion,
        manifest.GeneratedAt,
        manifest.ContainsSampleData,
        manifest.ReturnVersions,
        [.. manifest.Files
            .Where(canRead)
            .Select(f => new ReportLink(f.Name, f.Kind, f.SubjectId, f.Title, f.ContentType, f.DownloadName, f.Size, f.Sha256, ReportAddresses.File(manifest.PartnershipId, manifest.PeriodId, f.Name)))]);

    /// <summary>
    /// Which of the period's files the caller may read: the highlight report of a programme they lead, and a board
    /// pack only when they lead every programme of its assurance group (in the strategy version it was made from).
    /// </summary>
    private static async Task<Func<ReportFile, bool>> ReadableFilesAsync(ClaimsPrincipal user, ReportManifest manifest, StrategyStore strategies, CancellationToken cancellationToken)
    {
        var partnershipId = manifest.PartnershipId;
        if (user.ProgrammesReadable(partnershipId) is null)
        {
            return _ => true;
        }

        var strategy = (await strategies.GetVersionAsync(partnershipId, manifest.StrategyVersion, cancellationToken))?.Strategy;
        return file => file.Kind == ReportService.BoardPackKind
            ? strategy is not null && user.CanReadBoardPack(partnershipId, [.. strategy.ProgrammesUnder(file.SubjectId).Select(p => p.Id)])
            : user.CanLeadProgramme(partnershipId, file.SubjectId);
    }
}
