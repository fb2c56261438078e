using System.Security.Claims;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Highlights;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;
using StrategyReports.Reports;

namespace StrategyReports.Functions.Reports;

/// <summary>The outcome of generating a period's reports.</summary>
/// <param name="Changed">False when the stored reports were already byte-identical, so nothing was written.</param>
public sealed record ReportGeneration(ReportManifest Manifest, bool Changed);

/// <summary>
/// Generates a period's reports from its latest stored rollup and the strategy version that rollup
/// names, with what the programme leads have written and logged for the period: a highlight report per
/// programme and a board pack per assurance group, each as HTML and PDF.
/// </summary>
public sealed class ReportService(IRollupReader rollups, StrategyStore strategies, ReportRenderer renderer, ReportStore store, ProgrammeLogs logs)
{
    public const string HighlightKind = "highlight-report";
    public const string BoardPackKind = "board-pack";

    /// <summary>
    /// Generates the period's reports now for an admin of the partnership, as <c>POST …/reports/{period}</c> and the
    /// admin's page ask; unknown while no rollup of the period is stored.
    /// </summary>
    /// <exception cref="ConflictException">The rollup names a strategy version that is not stored.</exception>
    public async Task<ReportGeneration> GenerateAsync(ClaimsPrincipal user, string partnershipId, string period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var quarter = RouteValues.RequirePeriod(period);
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        return await GenerateAsync(partnershipId, quarter, cancellationToken) ?? throw new NotFoundException("rollup", $"{partnershipId} {quarter.Id}");
    }

    /// <summary>Renders and stores the reports; null when no rollup of the period has been stored.</summary>
    /// <exception cref="ConflictException">The rollup names a strategy version that is not stored.</exception>
    public async Task<ReportGeneration?> GenerateAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        var stored = await rollups.GetAsync(partnershipId, period, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var rollup = stored.Rollup;
        var strategy = (await strategies.GetVersionAsync(partnershipId, rollup.StrategyVersion, cancellationToken))?.Strategy
            ?? throw new ConflictException("The rollup cannot be reported", $"The rollup of {partnershipId} {period.Id} names strategy version {rollup.StrategyVersion}, which is not stored.");

        var assurance = await logs.AssuranceAsync(strategy, period, cancellationToken);
        var files = new List<RenderedReport>();
        foreach (var programme in rollup.Programmes)
        {
            var report = ReportBuilder.Highlight(rollup, strategy, programme.ProgrammeId, stored.ComputedAt, assurance);
            files.Add(File(partnershipId, period, HighlightKind, programme.ProgrammeId, report.Title, report.FileStem, "pdf", ReportRenderer.Pdf(report)));
            files.Add(File(partnershipId, period, HighlightKind, programme.ProgrammeId, report.Title, report.FileStem, "html", renderer.Html(report)));
        }

        // Every group has a pack: one that oversees no programme still summarises the groups reporting to it.
        foreach (var group in rollup.AssuranceGroups)
        {
            var pack = ReportBuilder.Pack(rollup, strategy, group.AssuranceGroupId, stored.ComputedAt, assurance);
            files.Add(File(partnershipId, period, BoardPackKind, group.AssuranceGroupId, pack.Title, pack.FileStem, "pdf", ReportRenderer.Pdf(pack)));
            files.Add(File(partnershipId, period, BoardPackKind, group.AssuranceGroupId, pack.Title, pack.FileStem, "html", renderer.Html(pack)));
        }

        var manifest = new ReportManifest(
            partnershipId,
            period.Id,
            stored.Version,
            rollup.InputFingerprint,
            rollup.StrategyVersion,
            rollup.ReturnsUsed,
            renderer.TemplateVersion,
            stored.ComputedAt,
            rollup.ContainsSampleData,
            [.. files.Select(f => f.File)],
            ProgrammeAssurance.Fingerprint(assurance));
        var changed = await store.SaveAsync(manifest, files, cancellationToken);
        Telemetry.ReportsGenerated.Add(manifest.Files.Count);
        return new ReportGeneration(manifest, changed);
    }

    /// <summary>
    /// Regenerates only when the stored rollup's version has moved past the one the manifest records, when a
    /// lead has saved a highlight, risk or milestone the reports have not seen, or when there are no reports yet.
    /// </summary>
    /// <returns>The generation, or null when the reports were current or there is no rollup.</returns>
    public async Task<ReportGeneration?> RefreshAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        // The nightly timer asks this of every period, and most are current: the version row decides
        // without downloading and parsing the rollup, which only a regeneration needs.
        var version = await rollups.GetVersionAsync(partnershipId, period, cancellationToken);
        if (version is null)
        {
            return null;
        }

        var manifest = await store.GetManifestAsync(partnershipId, period, cancellationToken);
        if (manifest is null || manifest.RollupVersion < version)
        {
            return await GenerateAsync(partnershipId, period, cancellationToken);
        }

        // The logs are read against the strategy version the reports were made with, as a regeneration would.
        var strategy = (await strategies.GetVersionAsync(partnershipId, manifest.StrategyVersion, cancellationToken))?.Strategy;
        return strategy is not null && await AssuranceFingerprintAsync(strategy, period, cancellationToken) == manifest.AssuranceFingerprint
            ? null
            : await GenerateAsync(partnershipId, period, cancellationToken);
    }

    private async Task<string> AssuranceFingerprintAsync(Strategy strategy, Period period, CancellationToken cancellationToken) =>
        ProgrammeAssurance.Fingerprint(await logs.AssuranceAsync(strategy, period, cancellationToken));

    private static RenderedReport File(string partnershipId, Period period, string kind, string subjectId, string title, string stem, string extension, byte[] content)
    {
        var name = $"{subjectId}.{extension}";
        var sha256 = ReportStore.Sha256(content);
        return new(
            new ReportFile(
                name,
                kind,
                subjectId,
                title,
                extension == "pdf" ? "application/pdf" : "text/html; charset=utf-8",
                $"{stem}.{extension}",
                content.LongLength,
                sha256,
                ReportStore.ContentBlobName(partnershipId, period, name, sha256)),
            content);
    }
}
