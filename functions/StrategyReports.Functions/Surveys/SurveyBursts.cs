using System.Collections.Concurrent;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Spots responses to one partner group of a survey arriving faster than its staff plausibly answer:
/// the sign of one person padding a small group with invented responses through an open link, to
/// lift it over the minimum and subtract their own answers from the result. Those responses are held
/// back (stored, never counted) and flagged to the admin; the respondent is thanked as usual, so
/// the limit can't be probed.
/// </summary>
/// <remarks>
/// Counts per fixed window and per instance, in memory only: no arrival time is ever stored. The
/// plausible rate is <see cref="SurveyOptions.BurstLimit"/> responses per window, or a share of the
/// partner's headcount when that is more, so a large trust answering after an all-staff e-mail is
/// not held back.
/// </remarks>
public sealed partial class SurveyBursts(SurveyOptions options, TimeProvider time, ILogger<SurveyBursts> logger)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one response to the group; true when it is part of a burst and must be held back.</summary>
    public bool IsBurst(string partnershipId, string surveyId, string partnerId, int? headcount)
    {
        var limit = Math.Max(options.BurstLimit, headcount is > 0 ? (int)Math.Ceiling(headcount.Value * options.BurstShareOfHeadcount) : 0);
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd($"{partnershipId}|{surveyId}|{partnerId}", _ => new Window());
        bool burst;
        lock (window)
        {
            if (now - window.Started >= TimeSpan.FromSeconds(options.BurstWindowSeconds))
            {
                (window.Started, window.Count) = (now, 0);
            }

            burst = ++window.Count > limit;
        }

        if (burst)
        {
            HeldBack(logger, partnershipId, surveyId, partnerId, limit, options.BurstWindowSeconds);
        }

        return burst;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A response to survey {PartnershipId}/{SurveyId} for partner {PartnerId} was held back: more than {Limit} in {WindowSeconds} seconds. Held responses are not counted; the admin sees them in the next release.")]
    private static partial void HeldBack(ILogger logger, string partnershipId, string surveyId, string partnerId, int limit, int windowSeconds);

    private sealed class Window
    {
        public DateTimeOffset Started { get; set; } = DateTimeOffset.MinValue;

        public int Count { get; set; }
    }
}
