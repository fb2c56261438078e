namespace StrategyReports.Surveys;

/// <summary>A partner organisation as survey results need it.</summary>
/// <param name="Headcount">Staff the survey went to, for the response rate; null when unknown.</param>
public sealed record SurveyPartner(string Id, string Name, int? Headcount);

/// <summary>The results of one group: a partner organisation, or all partners together.</summary>
/// <param name="PartnerId">The partner, or null for all partners together.</param>
/// <param name="Suppressed">Why the group is hidden, or null when it is shown. Show the public one wording for both reasons (see <see cref="Suppression"/>).</param>
/// <param name="Scores">
/// The group's figures, or null when it is hidden. A hidden group carries no figure at all, not
/// even its response count: a count below the minimum is itself a figure about a small group,
/// and with the shown counts it would undo complementary suppression.
/// </param>
public sealed record SurveyGroupResult(string? PartnerId, string Name, SuppressionReason? Suppressed, SurveyScores? Scores)
{
    /// <summary>Whether the group's figures may be shown.</summary>
    public bool IsShown => Suppressed is null;
}

/// <summary>
/// The results of a pulse survey, overall and per partner organisation, with small-number
/// suppression applied; every output (API, HTML, PDF, CSV) renders these and nothing rawer.
/// </summary>
/// <remarks>
/// <para>Suppression is applied twice, both times by <see cref="Suppression.Decide"/>:</para>
/// <list type="bullet">
/// <item>To the groups: all responses as the total, each partner's responses as a group. A
/// hidden group shows nothing, free text included.</item>
/// <item>To each scored question: the responses that answered it, overall and per partner, with
/// the hidden partners forced hidden. An optional question answered by too few people in a
/// shown group has its figures (and any theme including it) hidden for that group, and the
/// question is hidden for another group too if subtraction would give it away.</item>
/// </list>
/// <para>
/// Free-text answers are shown for every shown group: each comment is one anonymous person's
/// among at least the minimum, and the comments of hidden groups are only ever seen pooled
/// with at least the minimum of responses.
/// </para>
/// <para>
/// Each call protects one snapshot. Two snapshots of the same survey taken on different days
/// differ by the responses in between, which may be one person's: publish a survey's results
/// once it has closed, not while responses are still arriving.
/// </para>
/// </remarks>
public sealed record SurveyResults(
    string SurveyId,
    int MinimumGroupSize,
    SurveyGroupResult Overall,
    IReadOnlyList<SurveyGroupResult> Partners)
{
    /// <summary>The name of the group of all partners together.</summary>
    public const string OverallName = "All partners";

    /// <summary>Computes the results of <paramref name="survey"/>.</summary>
    /// <param name="partners">The partners to report, in the order to report them.</param>
    /// <param name="responses">
    /// The survey's responses. Those of partners not listed are left out of every figure, the
    /// overall ones included: otherwise the overall total minus the partners would be a group
    /// nobody protects.
    /// </param>
    /// <exception cref="ArgumentException">A response belongs to another survey, or a partner is listed twice.</exception>
    public static SurveyResults Compute(PulseSurvey survey, IReadOnlyList<SurveyPartner> partners, IEnumerable<SurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(partners);
        ArgumentNullException.ThrowIfNull(responses);

        var byPartner = new Dictionary<string, List<SurveyResponse>>(StringComparer.Ordinal);
        foreach (var partner in partners)
        {
            if (!byPartner.TryAdd(partner.Id, []))
            {
                throw new ArgumentException($"Partner '{partner.Id}' is listed twice.", nameof(partners));
            }
        }

        foreach (var response in responses)
        {
            if (response.SurveyId != survey.Id)
            {
                throw new ArgumentException($"A response to survey '{response.SurveyId}' is not one of '{survey.Id}'.", nameof(responses));
            }

            byPartner.GetValueOrDefault(response.PartnerId)?.Add(response);
        }

        var minimum = Suppression.EffectiveMinimum(survey.MinimumGroupSize);
        var groups = partners.Select(partner => (IReadOnlyCollection<SurveyResponse>)byPartner[partner.Id]).ToList();
        var everyone = groups.SelectMany(group => group).ToList();

        var groupDecision = Suppression.Decide(everyone.Count, [.. groups.Select(group => group.Count)], minimum);
        var hiddenPartners = Enumerable.Range(0, partners.Count).Where(index => !groupDecision.IsShown(index)).ToHashSet();

        var overallHidden = new HashSet<string>(StringComparer.Ordinal);
        var partnerHidden = partners.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
        foreach (var question in survey.Questions.Where(question => question.Kind != QuestionKind.Text))
        {
            var answered = groups.Select(group => group.Count(response => response.Answers.ContainsKey(question.Id))).ToList();
            var decision = Suppression.Decide(answered.Sum(), answered, minimum, hiddenPartners);
            if (decision.Total is not null)
            {
                overallHidden.Add(question.Id);
            }

            for (var index = 0; index < partners.Count; index++)
            {
                if (!decision.IsShown(index))
                {
                    partnerHidden[index].Add(question.Id);
                }
            }
        }

        var overallHeadcount = partners.All(partner => partner.Headcount is not null)
            ? partners.Sum(partner => partner.Headcount!.Value)
            : (int?)null;
        var overall = Result(null, OverallName, groupDecision.Total, survey, everyone, overallHeadcount, overallHidden);
        var partnerResults = partners
            .Select((partner, index) => Result(partner.Id, partner.Name, groupDecision.Groups[index], survey, groups[index], partner.Headcount, partnerHidden[index]))
            .ToList();
        return new SurveyResults(survey.Id, minimum, overall, partnerResults);
    }

    private static SurveyGroupResult Result(
        string? partnerId,
        string name,
        SuppressionReason? suppressed,
        PulseSurvey survey,
        IReadOnlyCollection<SurveyResponse> responses,
        int? headcount,
        IReadOnlySet<string> hiddenQuestions) =>
        suppressed is null
            ? new SurveyGroupResult(partnerId, name, null, SurveyScores.Compute(survey, responses, headcount).WithoutQuestions(hiddenQuestions))
            : new SurveyGroupResult(partnerId, name, suppressed, null);
}
