namespace StrategyReports.Surveys;

/// <summary>A partner organisation as survey results need it.</summary>
/// <param name="Headcount">Staff the survey went to, for the response rate; null when unknown.</param>
public sealed record SurveyPartner(string Id, string Name, int? Headcount);

/// <summary>The results of one group: a partner organisation, or all partners together.</summary>
/// <param name="PartnerId">The partner, or null for all partners together.</param>
/// <param name="Hidden">
/// Why the group is hidden, or null when it is shown: one wording for every hidden group (see
/// <see cref="SurveyResults.HiddenReason"/>), since telling "too few" from "hidden to protect another
/// group" apart would narrow down how many a hidden group holds.
/// </param>
/// <param name="Scores">
/// The group's figures, or null when it is hidden. A hidden group carries no figure at all, not
/// even its response count: a count below the minimum is itself a figure about a small group,
/// and with the shown counts it would undo complementary suppression.
/// </param>
public sealed record SurveyGroupResult(string? PartnerId, string Name, string? Hidden, SurveyScores? Scores)
{
    /// <summary>Whether the group's figures may be shown.</summary>
    public bool IsShown => Hidden is null;
}

/// <summary>Who vouches that a response belongs to the partner group it names.</summary>
public enum PartnerBasis
{
    /// <summary>Open link: respondents say which partner they work for, and nothing stops one person answering many times.</summary>
    SelfDeclared,

    /// <summary>Every response spent a single-use code, so padding a group takes one code per invented response.</summary>
    SingleUseCodes,
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
/// Free-text answers are shown for every shown group, and "All partners" lists only the comments
/// of shown groups: a hidden group's words appear nowhere, not even pooled.
/// </para>
/// <para>
/// A group with no released responses shows a count of 0 whether it has none at all or some still
/// waiting for a release: released counts are 0 or at least the minimum, so "none yet" and
/// "some, but too few" read alike.
/// </para>
/// <para>
/// Each call protects one snapshot; <see cref="FromReleases"/> is what every output calls, so
/// that two snapshots differ only by whole releases (see <see cref="SurveyRelease"/>).
/// </para>
/// </remarks>
/// <param name="Release">The release shown; null before the first.</param>
/// <param name="PartnerBasis">Whether the partner breakdown rests on single-use codes or on what respondents declared.</param>
public sealed record SurveyResults(
    string SurveyId,
    int MinimumGroupSize,
    SurveyGroupResult Overall,
    IReadOnlyList<SurveyGroupResult> Partners,
    ReleaseStamp? Release = null,
    PartnerBasis PartnerBasis = PartnerBasis.SelfDeclared)
{
    /// <summary>The name of the group of all partners together.</summary>
    public const string OverallName = "All partners";

    /// <summary>The one reason every hidden group gives.</summary>
    public static string HiddenReason(int minimum) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Not shown: fewer than {minimum} responses released, or hidden to protect a smaller group.");

    /// <summary>
    /// The results of the responses <paramref name="releases"/> have released: what every output of
    /// a survey shows, between releases unchanged.
    /// </summary>
    /// <param name="responses">The survey's stored responses.</param>
    public static SurveyResults FromReleases(
        PulseSurvey survey,
        IReadOnlyList<SurveyPartner> partners,
        IReadOnlyList<SurveyRelease> releases,
        IEnumerable<StoredResponse> responses,
        PartnerBasis basis)
    {
        ArgumentNullException.ThrowIfNull(releases);
        var released = SurveyRelease.Released(releases, responses);
        return Compute(survey, partners, released.Select(stored => stored.Response)) with
        {
            Release = releases.Count == 0 ? null : releases[^1].Stamp,
            PartnerBasis = basis,
        };
    }

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
        var reason = HiddenReason(minimum);
        var partnerResults = partners
            .Select((partner, index) => Result(partner.Id, partner.Name, hiddenPartners.Contains(index), reason, survey, groups[index], partner.Headcount, partnerHidden[index]))
            .ToList();

        // The total's comments are the shown groups' comments and no others.
        var shownComments = partnerResults.Where(group => group.IsShown).SelectMany(group => group.Scores!.Texts).ToList();
        var overall = Result(null, OverallName, groupDecision.Total is not null, reason, survey, everyone, overallHeadcount, overallHidden);
        if (overall.Scores is { } overallScores)
        {
            overall = overall with
            {
                Scores = overallScores with
                {
                    Texts = [.. overallScores.Texts.Select(texts => texts with
                    {
                        Answers = [.. shownComments.Where(shown => shown.QuestionId == texts.QuestionId).SelectMany(shown => shown.Answers).Order(StringComparer.Ordinal)],
                    })],
                },
            };
        }

        return new SurveyResults(survey.Id, minimum, overall, partnerResults);
    }

    private static SurveyGroupResult Result(
        string? partnerId,
        string name,
        bool hidden,
        string reason,
        PulseSurvey survey,
        IReadOnlyCollection<SurveyResponse> responses,
        int? headcount,
        IReadOnlySet<string> hiddenQuestions) =>
        hidden
            ? new SurveyGroupResult(partnerId, name, reason, null)
            : new SurveyGroupResult(partnerId, name, null, SurveyScores.Compute(survey, responses, headcount).WithoutQuestions(hiddenQuestions));
}
