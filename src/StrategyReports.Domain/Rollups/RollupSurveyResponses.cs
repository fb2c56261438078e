using System.IO.Hashing;
using System.Runtime.InteropServices;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Rollups;

/// <summary>
/// The survey responses a rollup of one period reads, taken in one at a time: responses to the strategy's
/// surveys from its partners, in the periods of the trend. Each is counted per survey, period and partner
/// (<see cref="SurveyAnswerCounts"/>: every survey measure's figure comes from the counts), and only those of the
/// period rolled up are kept whole, for its staff voice. So a large partnership's two years of responses are
/// never all held at once: a reader hands them over as it parses them.
/// </summary>
/// <remarks>Safe to fill from several readers at once.</remarks>
public sealed class RollupSurveyResponses
{
    private readonly Lock _gate = new();
    private readonly HashSet<Period> _periods;
    private readonly HashSet<string> _partners;
    private readonly HashSet<string> _surveys;
    private readonly Dictionary<(string SurveyId, Period Period), InPeriod> _counted = [];
    private readonly Dictionary<string, List<StoredSurveyResponse>> _kept = new(StringComparer.Ordinal);

    public RollupSurveyResponses(Strategy strategy, Period period)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Strategy = strategy;
        Period = period;
        _periods = [.. RollupScope.PeriodsRead(strategy, period)];
        _partners = strategy.Partners.Select(partner => partner.Id).ToHashSet(StringComparer.Ordinal);
        _surveys = strategy.Surveys.Select(survey => survey.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The strategy whose surveys and partners count.</summary>
    public Strategy Strategy { get; }

    /// <summary>The period rolled up.</summary>
    public Period Period { get; }

    /// <summary>The responses of <paramref name="responses"/> that a rollup of <paramref name="period"/> reads.</summary>
    public static RollupSurveyResponses Of(Strategy strategy, Period period, IEnumerable<StoredSurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var taken = new RollupSurveyResponses(strategy, period);
        foreach (var stored in responses)
        {
            taken.Add(stored);
        }

        return taken;
    }

    /// <summary>Takes in one response; one to another survey, from an unknown partner or outside the trend's periods is left out.</summary>
    /// <remarks>Each stored id must be added once: the reader is the one who knows a row read twice.</remarks>
    public void Add(StoredSurveyResponse stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var response = stored.Response;
        var period = Period.Containing(response.Day);
        if (!_periods.Contains(period) || !_surveys.Contains(response.SurveyId) || !_partners.Contains(response.PartnerId))
        {
            return;
        }

        var digest = IdDigest(stored.Id);
        lock (_gate)
        {
            if (!_counted.TryGetValue((response.SurveyId, period), out var counted))
            {
                _counted[(response.SurveyId, period)] = counted = new InPeriod();
            }

            counted.Add(response, digest);
            if (period == Period)
            {
                if (!_kept.TryGetValue(response.SurveyId, out var kept))
                {
                    _kept[response.SurveyId] = kept = [];
                }

                kept.Add(stored);
            }
        }
    }

    /// <summary>The responses to a survey in the period rolled up.</summary>
    internal IReadOnlyList<StoredSurveyResponse> InPeriodRolledUp(string surveyId) =>
        _kept.TryGetValue(surveyId, out var kept) ? kept : [];

    /// <summary>The counts of a survey's responses in a period, by partner.</summary>
    internal IReadOnlyDictionary<string, SurveyAnswerCounts> CountsByPartner(string surveyId, Period period) =>
        _counted.TryGetValue((surveyId, period), out var counted) ? counted.ByPartner : new Dictionary<string, SurveyAnswerCounts>();

    /// <summary>
    /// How many responses to a survey a period holds, and a digest of their ids that any change of which
    /// responses they are changes: the fingerprint's stand-in for listing every id.
    /// </summary>
    internal (int Count, UInt128 IdDigest) IdsIn(string surveyId, Period period) =>
        _counted.TryGetValue((surveyId, period), out var counted) ? (counted.Count, counted.IdDigest) : (0, UInt128.Zero);

    // The sum of the ids' 128-bit hashes (wrapping): the order responses arrive in cannot change it. XxHash128 of the
    // id's UTF-16 code units, unseeded, is the same in every process, and costs a fraction of a cryptographic hash.
    private static UInt128 IdDigest(string id) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan()));

    private sealed class InPeriod
    {
        public Dictionary<string, SurveyAnswerCounts> ByPartner { get; } = new(StringComparer.Ordinal);

        public int Count { get; private set; }

        public UInt128 IdDigest { get; private set; }

        public void Add(SurveyResponse response, UInt128 digest)
        {
            if (!ByPartner.TryGetValue(response.PartnerId, out var counts))
            {
                ByPartner[response.PartnerId] = counts = new SurveyAnswerCounts();
            }

            counts.Add(response);
            Count++;
            IdDigest += digest;
        }
    }
}
