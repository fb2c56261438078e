using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Storage;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>A survey's releases so far and its stored responses: everything its outputs may be computed from.</summary>
/// <param name="HeldByPartner">Responses held back as bursts, per partner: for the admin, never counted.</param>
public sealed record ReleasedSurvey(
    PulseSurvey Survey,
    IReadOnlyList<SurveyRelease> Releases,
    IReadOnlyList<StoredResponse> Responses,
    IReadOnlyDictionary<string, int> HeldByPartner)
{
    /// <summary>The responses the releases have released, as <see cref="SurveyRelease.Released"/> gives them.</summary>
    public IReadOnlyList<StoredResponse> Released() => SurveyRelease.Released(Releases, Responses);

    /// <summary>The partner breakdown rests on codes only when the survey takes no response without one.</summary>
    public PartnerBasis PartnerBasis => Survey.CodesRequiredForPartnerResults ? PartnerBasis.SingleUseCodes : PartnerBasis.SelfDeclared;
}

/// <summary>
/// A survey's releases (see <see cref="SurveyRelease"/>): the one door between stored responses and
/// every output. Reading a survey first makes the releases its passed release points call for (its
/// close, the end of each quarter it was open in), so nothing but a release point or an admin's
/// release ever changes what outputs show. Every release first flushes the survey's staged responses
/// (<see cref="SurveyFlush"/>), so it includes every response that arrived before it.
/// </summary>
/// <remarks>
/// Table <c>surveyreleases</c>, PartitionKey <c>{partnershipId}|{surveyId}</c>: release <c>n</c> is a
/// row <c>{n:D6}</c> (<c>Day</c>, <c>MadeAt</c>, <c>Trigger</c>, <c>Attempt</c>) and a row
/// <c>{n:D6}-{attempt}-{k:D4}</c> per chunk of a partner group's batch (<c>PartnerId</c>, <c>Ids</c>,
/// <c>Withheld</c>). A release of a large partnership has more chunks than one transaction takes (100),
/// so the chunks are written first, under an attempt id of their own, and the header row is added last:
/// it is the commit point, and it names the attempt whose chunks it owns. A release is seen whole or
/// not at all; two instances making release <c>n</c> at once cannot both add its header, and the
/// loser's chunks, named by its own attempt, are never read (and are deleted). Releases stored before
/// attempts existed (chunks <c>{n:D6}-{k:D3}</c>, header without <c>Attempt</c>) read as they always did.
/// </remarks>
public sealed class SurveyReleases(TableServiceClient tables, SurveyResponseStore responses, SurveyFlush flush, TimeProvider time)
{
    public const string TableName = "surveyreleases";

    // Ids per chunk row: 900 ids as a JSON array stay within a table string's 32K characters.
    private const int IdsPerRow = 900;

    private readonly InitialiseOnce _created = new(cancellationToken => tables.GetTableClient(TableName).CreateIfNotExistsAsync(cancellationToken));

    /// <summary>The survey's releases, after making any its passed release points call for, and its responses.</summary>
    public async Task<ReleasedSurvey> GetAsync(string partnershipId, PulseSurvey survey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        // The responses are read beside the releases: a release is rarely due, and only then are they read again after the flush it makes.
        var listing = ListAsync(partnershipId, survey.Id, cancellationToken);
        var reading = responses.ListStoredAsync(partnershipId, survey.Id, cancellationToken);
        var releases = await listing;
        var today = UkTime.DateAt(time.GetUtcNow());
        var due = Due(survey, releases, today);
        if (due.Count == 0)
        {
            var (stored, held) = await reading;
            return new ReleasedSurvey(survey, releases, stored, held);
        }

        await reading;
        return await MakeDueAsync(partnershipId, survey, releases, due, today, cancellationToken);
    }

    /// <summary>
    /// Hands each response the survey's releases have released to <paramref name="visit"/>, as <see cref="ReleasedSurvey.Released"/>
    /// gives it (dated by its release, without the answers its batch withheld), while the rows are still being read:
    /// a reader that only counts them, such as a rollup, never holds them all. Makes the releases passed release
    /// points call for first, as <see cref="GetAsync"/> does. Calls come from several threads at once.
    /// </summary>
    public async Task ReadReleasedAsync(string partnershipId, PulseSurvey survey, Action<StoredResponse> visit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(visit);
        var releases = await ListAsync(partnershipId, survey.Id, cancellationToken);
        var today = UkTime.DateAt(time.GetUtcNow());
        var due = Due(survey, releases, today);
        if (due.Count > 0)
        {
            // A release is made from every stored response, so they are all read for it anyway.
            foreach (var stored in (await MakeDueAsync(partnershipId, survey, releases, due, today, cancellationToken)).Released())
            {
                visit(stored);
            }

            return;
        }

        // Each released id is taken out as it is seen, so one stored in two rows counts once, and nothing else remembers them.
        var released = SurveyRelease.ReleaseOfEachId(releases);
        var gate = new Lock();
        await responses.ReadEachAsync(
            partnershipId,
            survey.Id,
            (id, response, held) =>
            {
                ResponseRelease release;
                lock (gate)
                {
                    if (held || !released.Remove(id, out release))
                    {
                        return;
                    }
                }

                visit(SurveyRelease.AsReleased(new StoredResponse(id, response), release));
            },
            cancellationToken);
    }

    /// <summary>Makes the releases that are due, from every stored response once the staged ones are flushed.</summary>
    private async Task<ReleasedSurvey> MakeDueAsync(
        string partnershipId, PulseSurvey survey, IReadOnlyList<SurveyRelease> releases, List<(DateOnly Day, ReleaseTrigger Trigger)> due, DateOnly today, CancellationToken cancellationToken)
    {
        await flush.FlushAsync(partnershipId, survey.Id, SurveyFlush.OccasionFor(survey, today, FlushOccasion.Releasing), cancellationToken);
        var (stored, held) = await responses.ListStoredAsync(partnershipId, survey.Id, cancellationToken);
        foreach (var (day, trigger) in due)
        {
            if (releases.Count == 0 || releases[^1].Stamp.Day < day)
            {
                releases = await SaveAsync(partnershipId, survey, releases, SurveyRelease.Next(survey, releases, stored, day, time.GetUtcNow(), trigger), cancellationToken);
            }
        }

        return new ReleasedSurvey(survey, releases, stored, held);
    }

    /// <summary>An admin's release now: every partner group with at least the minimum of new responses.</summary>
    public async Task<(SurveyRelease Release, ReleasedSurvey Survey)> ReleaseNowAsync(string partnershipId, PulseSurvey survey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        await flush.FlushAsync(partnershipId, survey.Id, SurveyFlush.OccasionFor(survey, UkTime.DateAt(time.GetUtcNow()), FlushOccasion.Releasing), cancellationToken);
        var current = await GetAsync(partnershipId, survey, cancellationToken);
        var next = SurveyRelease.Next(survey, current.Releases, current.Responses, UkTime.DateAt(time.GetUtcNow()), time.GetUtcNow(), ReleaseTrigger.Admin);
        var releases = await SaveAsync(partnershipId, survey, current.Releases, next, cancellationToken);
        return (releases[^1], current with { Releases = releases });
    }

    private async Task<IReadOnlyList<SurveyRelease>> SaveAsync(
        string partnershipId, PulseSurvey survey, IReadOnlyList<SurveyRelease> previous, SurveyRelease release, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var partition = SurveyResponseStore.PartitionKey(partnershipId, survey.Id);
        var number = release.Stamp.Number.ToString("D6", CultureInfo.InvariantCulture);
        var attempt = Guid.NewGuid().ToString("N");
        var chunks = release.Batches
            .SelectMany(batch => batch.ResponseIds.Chunk(IdsPerRow).Select(ids => (batch, ids)))
            .Select((chunk, index) => new TableEntity(partition, string.Create(CultureInfo.InvariantCulture, $"{number}-{attempt}-{index:D4}"))
            {
                ["PartnerId"] = chunk.batch.PartnerId,
                ["Ids"] = JsonSerializer.Serialize(chunk.ids),
                ["Withheld"] = JsonSerializer.Serialize(chunk.batch.WithheldQuestionIds),
            })
            .ToList();
        var table = tables.GetTableClient(TableName);
        await SubmitInTransactionsAsync(table, chunks, TableTransactionActionType.Add, cancellationToken);

        try
        {
            await table.AddEntityAsync(
                new TableEntity(partition, number)
                {
                    ["Day"] = release.Stamp.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["MadeAt"] = release.Stamp.MadeAt,
                    ["Trigger"] = release.Stamp.Trigger.ToString(),
                    ["Attempt"] = attempt,
                },
                cancellationToken);
            return [.. previous, release];
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another instance made this release first: theirs stands, and these chunks belong to no release.
            await SubmitInTransactionsAsync(table, chunks, TableTransactionActionType.Delete, CancellationToken.None);

            return await ListAsync(partnershipId, survey.Id, cancellationToken);
        }
    }

    private static async Task SubmitInTransactionsAsync(TableClient table, IEnumerable<TableEntity> rows, TableTransactionActionType action, CancellationToken cancellationToken)
    {
        foreach (var transaction in rows.Chunk(TableLimits.MaxTransactionActions))
        {
            await table.SubmitTransactionAsync(transaction.Select(row => new TableTransactionAction(action, row, ETag.All)), cancellationToken);
        }
    }

    private async Task<IReadOnlyList<SurveyRelease>> ListAsync(string partnershipId, string surveyId, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var headers = new SortedDictionary<string, (ReleaseStamp Stamp, string Attempt)>(StringComparer.Ordinal);
        var batches = new Dictionary<(string Number, string Attempt), List<ReleasedBatch>>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SurveyResponseStore.PartitionKey(partnershipId, surveyId)}");
        await foreach (var row in tables.GetTableClient(TableName).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var parts = row.RowKey.Split('-');
            var number = parts[0];
            if (parts.Length == 1)
            {
                headers[number] = (new ReleaseStamp(
                    int.Parse(number, CultureInfo.InvariantCulture),
                    DateOnly.ParseExact(row.GetString("Day") ?? throw Malformed(row, "Day"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    row.GetDateTimeOffset("MadeAt") ?? throw Malformed(row, "MadeAt"),
                    Enum.Parse<ReleaseTrigger>(row.GetString("Trigger") ?? throw Malformed(row, "Trigger"))), row.GetString("Attempt") ?? "");
            }
            else
            {
                var key = (number, parts.Length == 3 ? parts[1] : "");
                var list = batches.TryGetValue(key, out var found) ? found : batches[key] = [];
                list.Add(new ReleasedBatch(
                    row.GetString("PartnerId") ?? throw Malformed(row, "PartnerId"),
                    JsonSerializer.Deserialize<string[]>(row.GetString("Ids") ?? throw Malformed(row, "Ids")) ?? [],
                    JsonSerializer.Deserialize<string[]>(row.GetString("Withheld") ?? throw Malformed(row, "Withheld")) ?? []));
            }
        }

        // A partner's batch split over chunks joins up again: the chunks carry the same withheld questions.
        return [.. headers.Select(header => new SurveyRelease(
            header.Value.Stamp,
            [.. (batches.GetValueOrDefault((header.Key, header.Value.Attempt)) ?? [])
                .GroupBy(batch => batch.PartnerId, StringComparer.Ordinal)
                .Select(group => new ReleasedBatch(group.Key, [.. group.SelectMany(batch => batch.ResponseIds)], group.First().WithheldQuestionIds))])),];
    }

    private static List<(DateOnly Day, ReleaseTrigger Trigger)> Due(PulseSurvey survey, IReadOnlyList<SurveyRelease> releases, DateOnly today) =>
        [.. SurveyRelease.PassedPoints(survey, today).Where(point => releases.Count == 0 || releases[^1].Stamp.Day < point.Day)];

    private static InvalidDataException Malformed(TableEntity row, string property) =>
        new($"The stored release row {row.PartitionKey}/{row.RowKey} has no {property}.");
}
