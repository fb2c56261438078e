using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
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
/// row <c>{n:D6}</c> (<c>Day</c>, <c>MadeAt</c>, <c>Trigger</c>) and a row <c>{n:D6}-{k:D3}</c> per chunk
/// of a partner group's batch (<c>PartnerId</c>, <c>Ids</c>, <c>Withheld</c>), all added in one
/// transaction: a release is stored whole or not at all, and two instances making release <c>n</c> at
/// once cannot both succeed.
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
        var releases = await ListAsync(partnershipId, survey.Id, cancellationToken);
        var today = UkCalendar.DayOf(time.GetUtcNow());
        var due = SurveyRelease.PassedPoints(survey, today).Where(point => releases.Count == 0 || releases[^1].Stamp.Day < point.Day).ToList();
        if (due.Count > 0)
        {
            await flush.FlushAsync(partnershipId, survey.Id, SurveyFlush.OccasionFor(survey, today, FlushOccasion.Releasing), cancellationToken);
        }

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
        await flush.FlushAsync(partnershipId, survey.Id, SurveyFlush.OccasionFor(survey, UkCalendar.DayOf(time.GetUtcNow()), FlushOccasion.Releasing), cancellationToken);
        var current = await GetAsync(partnershipId, survey, cancellationToken);
        var next = SurveyRelease.Next(survey, current.Releases, current.Responses, UkCalendar.DayOf(time.GetUtcNow()), time.GetUtcNow(), ReleaseTrigger.Admin);
        var releases = await SaveAsync(partnershipId, survey, current.Releases, next, cancellationToken);
        return (releases[^1], current with { Releases = releases });
    }

    private async Task<IReadOnlyList<SurveyRelease>> SaveAsync(
        string partnershipId, PulseSurvey survey, IReadOnlyList<SurveyRelease> previous, SurveyRelease release, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var partition = SurveyResponseStore.PartitionKey(partnershipId, survey.Id);
        var number = release.Stamp.Number.ToString("D6", CultureInfo.InvariantCulture);
        var rows = new List<TableEntity>
        {
            new(partition, number)
            {
                ["Day"] = release.Stamp.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["MadeAt"] = release.Stamp.MadeAt,
                ["Trigger"] = release.Stamp.Trigger.ToString(),
            },
        };
        foreach (var batch in release.Batches)
        {
            foreach (var chunk in batch.ResponseIds.Chunk(IdsPerRow))
            {
                rows.Add(new TableEntity(partition, string.Create(CultureInfo.InvariantCulture, $"{number}-{rows.Count:D3}"))
                {
                    ["PartnerId"] = batch.PartnerId,
                    ["Ids"] = JsonSerializer.Serialize(chunk),
                    ["Withheld"] = JsonSerializer.Serialize(batch.WithheldQuestionIds),
                });
            }
        }

        try
        {
            await tables.GetTableClient(TableName).SubmitTransactionAsync(
                rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), cancellationToken);
            return [.. previous, release];
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another instance made this release first: theirs stands.
            return await ListAsync(partnershipId, survey.Id, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<SurveyRelease>> ListAsync(string partnershipId, string surveyId, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var headers = new SortedDictionary<string, ReleaseStamp>(StringComparer.Ordinal);
        var batches = new Dictionary<string, List<ReleasedBatch>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SurveyResponseStore.PartitionKey(partnershipId, surveyId)}");
        await foreach (var row in tables.GetTableClient(TableName).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var number = row.RowKey.Split('-')[0];
            if (row.RowKey.Length == number.Length)
            {
                headers[number] = new ReleaseStamp(
                    int.Parse(number, CultureInfo.InvariantCulture),
                    DateOnly.ParseExact(row.GetString("Day") ?? throw Malformed(row, "Day"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    row.GetDateTimeOffset("MadeAt") ?? throw Malformed(row, "MadeAt"),
                    Enum.Parse<ReleaseTrigger>(row.GetString("Trigger") ?? throw Malformed(row, "Trigger")));
            }
            else
            {
                var list = batches.TryGetValue(number, out var found) ? found : batches[number] = [];
                list.Add(new ReleasedBatch(
                    row.GetString("PartnerId") ?? throw Malformed(row, "PartnerId"),
                    JsonSerializer.Deserialize<string[]>(row.GetString("Ids") ?? throw Malformed(row, "Ids")) ?? [],
                    JsonSerializer.Deserialize<string[]>(row.GetString("Withheld") ?? throw Malformed(row, "Withheld")) ?? []));
            }
        }

        // A partner's batch split over chunks joins up again: the chunks carry the same withheld questions.
        return [.. headers.Select(header => new SurveyRelease(
            header.Value,
            [.. (batches.GetValueOrDefault(header.Key) ?? [])
                .GroupBy(batch => batch.PartnerId, StringComparer.Ordinal)
                .Select(group => new ReleasedBatch(group.Key, [.. group.SelectMany(batch => batch.ResponseIds)], group.First().WithheldQuestionIds))])),];
    }

    private static InvalidDataException Malformed(TableEntity row, string property) =>
        new($"The stored release row {row.PartitionKey}/{row.RowKey} has no {property}.");
}
