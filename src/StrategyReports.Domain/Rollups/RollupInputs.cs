using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Rollups;

/// <summary>
/// What a rollup is computed from: the latest return of each partner for the period and up to
/// seven earlier periods, and the responses to the partnership's surveys.
/// </summary>
/// <param name="Returns">Latest returns, any period; when a partner has several for one period, the highest version counts.</param>
/// <param name="SurveyResponses">Responses with their stored ids; those outside the periods rolled up are ignored.</param>
/// <param name="Accepted">The return versions a lead has accepted (the latest decision on the latest version); null when none are.</param>
public sealed record RollupInputs(IReadOnlyList<QuarterlyReturn> Returns, IReadOnlyList<StoredSurveyResponse> SurveyResponses, IReadOnlyCollection<AcceptedReturn>? Accepted = null)
{
    public static RollupInputs Empty { get; } = new([], []);

    /// <summary>
    /// The survey responses already taken in as they were read, for a rollup of the strategy and period they were
    /// taken in for, instead of <see cref="SurveyResponses"/> (then empty): a reader of a large partnership need not hold them all.
    /// </summary>
    public RollupSurveyResponses? SurveyResponsesRead { get; init; }
}

/// <summary>A version of a partner's return for a period that a lead has accepted.</summary>
public sealed record AcceptedReturn(string PartnerId, Period Period, int Version);

/// <summary>A survey response and the random id it is stored under, which the fingerprint counts.</summary>
public sealed record StoredSurveyResponse(string Id, SurveyResponse Response);
