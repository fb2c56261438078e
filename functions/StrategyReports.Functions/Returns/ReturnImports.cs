using System.Text.Json;
using StrategyReports.Domain.Exports;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>What an import did (or, in a dry run, would do) to one partner's return.</summary>
/// <param name="Version">The new version, or the current one when nothing changed.</param>
/// <param name="Stored">False in a dry run, and when the file changes nothing for the partner (no empty version is stored).</param>
public sealed record ImportedReturn(
    string Partner,
    string Name,
    int? Version,
    bool Stored,
    IReadOnlyList<ReturnChange> Changes,
    IReadOnlyList<ReturnWarning> Warnings);

public sealed record ImportResult(string PartnershipId, Period Period, bool DryRun, int Rows, IReadOnlyList<ImportedReturn> Returns, bool Replayed = false);

/// <summary>
/// A bulk import of returns: the whole file is checked (every problem with its row and column) before anything is
/// stored, then each partner's rows become one new version through <see cref="ReturnSubmissions"/>, the path every
/// return takes (window, If-Match, validation, idempotency).
/// </summary>
public sealed partial class ReturnImports(ReturnStore store, ReturnSubmissions submissions, StrategyStore strategies, ILogger<ReturnImports> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="mayWrite">Whether the caller may submit for a partner; the file naming any other partner is refused whole (403).</param>
    public async Task<ImportResult> ImportAsync(
        string partnershipId,
        Period period,
        IReadOnlyList<ImportRow> rows,
        string fileHash,
        bool dryRun,
        string? idempotencyKey,
        Func<string, bool> mayWrite,
        string submitter,
        string credential,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(mayWrite);
        if (idempotencyKey is not null)
        {
            IdempotencyKey.RequireValid(idempotencyKey);
            if (!dryRun && await store.GetImportAnswerAsync(partnershipId, period, idempotencyKey, cancellationToken) is { } answer)
            {
                if (answer.RequestHash != fileHash)
                {
                    throw new ValidationFailedException("Idempotency-Key", "This Idempotency-Key was already used for a different file. Use a new key for a new upload.");
                }

                var first = JsonSerializer.Deserialize<ImportResult>(answer.ReceiptJson, Json)
                    ?? throw new InvalidDataException($"The stored answer for import key '{idempotencyKey}' is empty.");
                return first with { Replayed = true };
            }
        }

        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        var strategy = published.Strategy;
        if (!strategy.Covers(period))
        {
            throw new NotFoundException("period of this strategy", period.Id);
        }

        if (rows.Count == 0)
        {
            throw new ValidationFailedException("file", "The file has a header but no rows: nothing to import.");
        }

        var partners = rows.Select(r => r.Cells.GetValueOrDefault(ReturnsTable.PartnerId)?.Trim())
            .Select(id => id is null ? null : strategy.FindPartner(id))
            .OfType<Partner>()
            .DistinctBy(p => p.Id)
            .ToList();
        var refused = partners.Where(p => !mayWrite(p.Id)).Select(p => p.Id).ToList();
        if (refused.Count > 0)
        {
            throw new AccessDeniedException($"You cannot submit returns for {string.Join(", ", refused)}: the file may hold only your own organisation's rows.");
        }

        if (partners.Count > 0)
        {
            ReturnSubmissions.RequireOpen(await submissions.GetContextAsync(published, partners[0], period, cancellationToken));
        }

        var latest = new Dictionary<string, StoredReturn?>(StringComparer.Ordinal);
        var previousQuarter = new Dictionary<string, QuarterlyReturn?>(StringComparer.Ordinal);
        foreach (var partner in partners)
        {
            latest[partner.Id] = await store.GetLatestAsync(partnershipId, period, partner.Id, cancellationToken);
            previousQuarter[partner.Id] = period > strategy.FirstPeriod
                ? (await store.GetLatestAsync(partnershipId, period.Previous(), partner.Id, cancellationToken))?.Return
                : null;
        }

        var (uploads, problems) = ReturnsImport.Read(rows, strategy, period, id => latest.GetValueOrDefault(id)?.Return);
        var planned = new List<(PartnerUpload Upload, Partner Partner, ImportedReturn Outcome)>();
        var allProblems = problems.ToList();
        foreach (var upload in uploads)
        {
            var partner = strategy.FindPartner(upload.PartnerId)!;
            var current = latest[upload.PartnerId];
            var check = ReturnValidator.Check(upload.Body, strategy, partner, previousQuarter[upload.PartnerId]);
            if (!check.IsValid)
            {
                allProblems.AddRange(check.Errors.Select(e => ReturnsImport.ToProblem(upload, e)));
                continue;
            }

            var changes = ReturnChanges.Between(current?.Return, check.Submission!);
            // A partner whose rows change nothing (or, with no return yet, are all blank) gets no new version.
            var changed = changes.Count > 0;
            planned.Add((upload, partner, new ImportedReturn(
                partner.Id, partner.Name, changed ? (current?.Return.Version ?? 0) + 1 : current?.Return.Version, Stored: false, changes, check.Warnings)));
        }

        if (allProblems.Count > 0)
        {
            throw new ValidationFailedException(
                allProblems.OrderBy(p => p.Row).GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                $"The file has {allProblems.Count} problem{(allProblems.Count == 1 ? "" : "s")}; nothing was stored");
        }

        if (dryRun)
        {
            return new ImportResult(partnershipId, period, DryRun: true, rows.Count, [.. planned.Select(p => p.Outcome)]);
        }

        var outcomes = new List<ImportedReturn>();
        foreach (var (upload, partner, outcome) in planned)
        {
            if (outcome.Changes.Count == 0)
            {
                outcomes.Add(outcome);
                continue;
            }

            try
            {
                var result = await submissions.SubmitAsync(
                    partnershipId, period, partner.Id, upload.Body.ToJsonString(), latest[partner.Id]?.ETag.ToString(), idempotencyKey, submitter, credential, cancellationToken);
                outcomes.Add(outcome with { Version = result.Receipt.Version, Stored = true, Changes = result.Receipt.Changes, Warnings = result.Receipt.Warnings });
            }
            catch (DomainException e)
            {
                // A return submitted by someone else since the file was checked: say which partners were stored already.
                e.Facts["storedBeforeFailure"] = outcomes.Where(o => o.Stored).Select(o => new { o.Partner, o.Version }).ToList();
                e.Facts["failedPartner"] = partner.Id;
                throw;
            }
        }

        var imported = new ImportResult(partnershipId, period, DryRun: false, rows.Count, outcomes);
        if (idempotencyKey is not null)
        {
            var answer = JsonSerializer.Serialize(imported, Json);
            if (!await store.SaveImportAnswerAsync(partnershipId, period, idempotencyKey, fileHash, answer, cancellationToken))
            {
                AnswerNotKept(logger, partnershipId, period.Id, answer.Length);
            }
        }

        return imported;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to an import into {PartnershipId} {Period} ({Characters} characters) is too large to keep for retries; a retry will answer what it finds then.")]
    private static partial void AnswerNotKept(ILogger logger, string partnershipId, string period, int characters);
}
