using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>A survey found by its id alone, as the link <c>/s/{surveyId}</c> carries it.</summary>
public sealed record SurveyListing(string PartnershipId, Strategy Strategy, PulseSurvey Survey);

/// <summary>
/// Which partnership owns each survey id. Survey links carry no partnership, so an id belongs to
/// the first partnership that publishes it, for good: its responses are stored under it.
/// </summary>
/// <remarks>Table <c>surveys</c>: PartitionKey the survey id, RowKey empty, <c>PartnershipId</c>.</remarks>
public sealed class SurveyDirectory
{
    public const string TableName = "surveys";

    // Strategies change rarely and a respondent's post must not wait on two extra storage reads:
    // another instance's publish shows here within this time.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (SurveyListing? Listing, DateTimeOffset Until)> _listings = new(StringComparer.Ordinal);
    private readonly TableClient _table;
    private readonly StrategyStore _strategies;
    private readonly TimeProvider _time;
    private readonly InitialiseOnce _created;

    public SurveyDirectory(TableServiceClient tables, StrategyStore strategies, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _strategies = strategies;
        _time = time;
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    /// <summary>
    /// Claims the strategy's survey ids for its partnership; 422 naming <c>surveys[i].id</c> for
    /// every id another partnership owns, and then nothing is claimed.
    /// </summary>
    public async Task ClaimAsync(Strategy strategy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var taken = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Taken(int i) => taken[$"surveys[{i}].id"] = [$"The survey id '{strategy.Surveys[i].Id}' is already used by another partnership; choose another."];

        var owners = new string?[strategy.Surveys.Count];
        for (var i = 0; i < strategy.Surveys.Count; i++)
        {
            owners[i] = await FindOwnerAsync(strategy.Surveys[i].Id, cancellationToken);
            if (owners[i] is not null && owners[i] != strategy.PartnershipId)
            {
                Taken(i);
            }
        }

        if (taken.Count == 0)
        {
            // Only ids nobody owned are claimed: republishing doesn't try, and fail, to claim its own ids again.
            for (var i = 0; i < strategy.Surveys.Count; i++)
            {
                if (owners[i] is null && !await TryClaimAsync(strategy.Surveys[i].Id, strategy.PartnershipId, cancellationToken))
                {
                    // Another partnership claimed it between the check and the claim.
                    Taken(i);
                }
            }
        }

        foreach (var survey in strategy.Surveys)
        {
            _listings.TryRemove(survey.Id, out _);
        }

        if (taken.Count > 0)
        {
            throw new ValidationFailedException(taken, "A survey id is already used by another partnership; nothing was published");
        }
    }

    /// <summary>The partnership owning a survey id, or null when nobody has published it.</summary>
    public async Task<string?> FindOwnerAsync(string surveyId, CancellationToken cancellationToken = default)
    {
        // Survey ids come straight from links: one that can't be a key names no survey, and never reaches storage.
        if (!RouteValues.IsId(surveyId))
        {
            return null;
        }

        if (_owners.TryGetValue(surveyId, out var cached))
        {
            return cached;
        }

        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(surveyId, "", cancellationToken: cancellationToken);
        if (row.HasValue && row.Value!.GetString("PartnershipId") is { } owner)
        {
            // A claim is never given up, so it can be remembered for as long as the process lives.
            return _owners[surveyId] = owner;
        }

        return null;
    }

    /// <summary>The survey as the owning partnership's current strategy defines it; null when unknown or no longer in it.</summary>
    public async Task<SurveyListing?> FindAsync(string surveyId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (_listings.TryGetValue(surveyId, out var cached) && cached.Until > now)
        {
            return cached.Listing;
        }

        var owner = await FindOwnerAsync(surveyId, cancellationToken);
        var strategy = owner is null ? null : (await _strategies.GetCurrentAsync(owner, cancellationToken))?.Strategy;
        var listing = strategy?.FindSurvey(surveyId) is { } survey ? new SurveyListing(owner!, strategy, survey) : null;

        // Only ids somebody owns are remembered, so links made up by the million can't fill the memory.
        if (owner is not null)
        {
            _listings[surveyId] = (listing, now + CacheFor);
        }

        return listing;
    }

    private async Task<bool> TryClaimAsync(string surveyId, string partnershipId, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(new TableEntity(surveyId, "") { ["PartnershipId"] = partnershipId }, cancellationToken);
            _owners[surveyId] = partnershipId;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await FindOwnerAsync(surveyId, cancellationToken) == partnershipId;
        }
    }
}
