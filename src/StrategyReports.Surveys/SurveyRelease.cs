namespace StrategyReports.Surveys;

/// <summary>A stored response with the random id it is stored under.</summary>
public sealed record StoredResponse(string Id, SurveyResponse Response);

/// <summary>What made a release.</summary>
public enum ReleaseTrigger
{
    /// <summary>The survey closed.</summary>
    SurveyClosed,

    /// <summary>A reporting period (UK financial quarter) ended while the survey was open.</summary>
    PeriodEnded,

    /// <summary>An admin released the results.</summary>
    Admin,
}

/// <summary>One partner group's share of a release: at least the minimum of responses new to the group.</summary>
/// <param name="ResponseIds">The stored ids of the responses released, sorted.</param>
/// <param name="WithheldQuestionIds">
/// Scored questions fewer than the minimum of these responses answered: their answers are left
/// out of every figure for good, since any figure moved by them could be read off by subtraction.
/// </param>
public sealed record ReleasedBatch(string PartnerId, IReadOnlyList<string> ResponseIds, IReadOnlyList<string> WithheldQuestionIds);

/// <summary>How one response was released: the day of its release, and the questions its batch withheld.</summary>
public readonly record struct ResponseRelease(DateOnly Day, IReadOnlyList<string> WithheldQuestionIds);

/// <summary>When and how the results an output shows were released.</summary>
/// <param name="Number">1 for a survey's first release, then one more each release.</param>
/// <param name="Day">The UK day the release counts for: responses of later days wait for the next.</param>
/// <param name="MadeAt">When the release was made.</param>
public sealed record ReleaseStamp(int Number, DateOnly Day, DateTimeOffset MadeAt, ReleaseTrigger Trigger);

/// <summary>
/// A release of a survey's results: the only way responses reach any output (API, pages, rollups,
/// reports, exports).
/// </summary>
/// <remarks>
/// <para>
/// Results computed live would change with each response, and a lead who polls could read one
/// person's answers as the difference between two calls. So responses are released in batches
/// at release points (the survey's close, a period's end, an admin's release), and a partner
/// group's new responses are released only when there are at least the survey's minimum of them;
/// fewer wait for a later release point.
/// </para>
/// <para>
/// Every figure any output shows is then a sum over whole batches, each of at least the minimum
/// of one group's responses: the difference between any two outputs, or between a total and its
/// shown parts, is again whole batches, never fewer people than the minimum. Within a batch, a
/// scored question answered by between one and the minimum less one is withheld, since its answered
/// count would otherwise move by fewer than the minimum. Free text goes with its batch: each
/// comment is one among at least the minimum of the group's new responses.
/// </para>
/// </remarks>
public sealed record SurveyRelease(ReleaseStamp Stamp, IReadOnlyList<ReleasedBatch> Batches)
{
    /// <summary>
    /// The release after <paramref name="previous"/>: every partner group with at least the minimum
    /// of responses dated up to <paramref name="day"/> not released before.
    /// </summary>
    /// <param name="responses">The survey's stored responses, held-back ones excluded.</param>
    public static SurveyRelease Next(
        PulseSurvey survey,
        IReadOnlyList<SurveyRelease> previous,
        IEnumerable<StoredResponse> responses,
        DateOnly day,
        DateTimeOffset madeAt,
        ReleaseTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(responses);
        var minimum = Suppression.EffectiveMinimum(survey.MinimumGroupSize);
        var released = ReleasedIds(previous);
        var scored = survey.Questions.Where(question => question.Kind != QuestionKind.Text).ToList();
        var batches = responses
            .Where(stored => stored.Response.SurveyId == survey.Id && stored.Response.Day <= day && !released.Contains(stored.Id))
            .GroupBy(stored => stored.Response.PartnerId, StringComparer.Ordinal)
            .Where(group => group.Count() >= minimum)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new ReleasedBatch(
                group.Key,
                [.. group.Select(stored => stored.Id).Order(StringComparer.Ordinal)],
                [.. scored
                    .Where(question => group.Count(stored => stored.Response.Answers.ContainsKey(question.Id)) is > 0 and var answered && answered < minimum)
                    .Select(question => question.Id)]))
            .ToList();
        return new SurveyRelease(new ReleaseStamp(previous.Count + 1, day, madeAt, trigger), batches);
    }

    /// <summary>
    /// The released responses: those in a batch of <paramref name="releases"/>, each dated by its
    /// release's day and without the answers its batch withheld. This is everything outputs see.
    /// </summary>
    public static IReadOnlyList<StoredResponse> Released(IReadOnlyList<SurveyRelease> releases, IEnumerable<StoredResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(releases);
        ArgumentNullException.ThrowIfNull(responses);
        var byId = responses.ToDictionary(stored => stored.Id, StringComparer.Ordinal);
        var view = new List<StoredResponse>();
        foreach (var (id, release) in ReleaseOfEachId(releases))
        {
            if (byId.TryGetValue(id, out var stored))
            {
                view.Add(AsReleased(stored, release));
            }
        }

        return view;
    }

    /// <summary>
    /// How each released id was released, in release order: a reader that meets responses one at a time (a rollup)
    /// looks each up here, and may take them out as it goes, since the dictionary is its own.
    /// </summary>
    public static Dictionary<string, ResponseRelease> ReleaseOfEachId(IReadOnlyList<SurveyRelease> releases)
    {
        ArgumentNullException.ThrowIfNull(releases);
        var byId = new Dictionary<string, ResponseRelease>(StringComparer.Ordinal);
        foreach (var release in releases)
        {
            foreach (var batch in release.Batches)
            {
                foreach (var id in batch.ResponseIds)
                {
                    byId.TryAdd(id, new ResponseRelease(release.Stamp.Day, batch.WithheldQuestionIds));
                }
            }
        }

        return byId;
    }

    /// <summary>A response as a release shows it: dated by the release's day, without the answers its batch withheld.</summary>
    public static StoredResponse AsReleased(StoredResponse stored, ResponseRelease release)
    {
        ArgumentNullException.ThrowIfNull(stored);
        // Most batches withhold nothing: their responses keep the answers they were read with, uncopied.
        var answers = release.WithheldQuestionIds.Count == 0
            ? stored.Response.Answers
            : stored.Response.Answers
                .Where(answer => !release.WithheldQuestionIds.Contains(answer.Key, StringComparer.Ordinal))
                .ToDictionary(StringComparer.Ordinal);
        return new StoredResponse(stored.Id, stored.Response with { Day = release.Day, Answers = answers });
    }

    /// <summary>The ids every release so far has released.</summary>
    public static IReadOnlySet<string> ReleasedIds(IEnumerable<SurveyRelease> releases) =>
        releases.SelectMany(release => release.Batches).SelectMany(batch => batch.ResponseIds).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The release points of a survey that have passed by <paramref name="today"/> (UK): the last
    /// day of each UK financial quarter it was open in, and its closing day. A point counts once
    /// its day is over.
    /// </summary>
    public static IReadOnlyList<(DateOnly Day, ReleaseTrigger Trigger)> PassedPoints(PulseSurvey survey, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var points = new List<(DateOnly, ReleaseTrigger)>();
        var quarterEnd = QuarterEndOn(survey.Opens);
        while (quarterEnd < survey.Closes && quarterEnd < today)
        {
            points.Add((quarterEnd, ReleaseTrigger.PeriodEnded));
            quarterEnd = QuarterEndOn(quarterEnd.AddDays(1));
        }

        if (survey.Closes < today)
        {
            points.Add((survey.Closes, ReleaseTrigger.SurveyClosed));
        }

        return points;
    }

    // Quarters end with March, June, September and December.
    private static DateOnly QuarterEndOn(DateOnly day)
    {
        var month = ((day.Month - 1) / 3 * 3) + 3;
        return new DateOnly(day.Year, month, DateTime.DaysInMonth(day.Year, month));
    }
}
