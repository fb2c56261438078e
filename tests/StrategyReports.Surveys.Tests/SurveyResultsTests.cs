namespace StrategyReports.Surveys.Tests;

public class SurveyResultsTests
{
    private static readonly SurveyPartner Council = new("bury-council", "Bury Council adult social care", 40);
    private static readonly SurveyPartner Trust = new("pennine-care", "Pennine Care NHS Foundation Trust", 100);
    private static readonly SurveyPartner Hospice = new("bury-hospice", "Bury Hospice", 20);
    private static readonly SurveyPartner[] Partners = [Council, Trust, Hospice];

    private static SurveyResults Compute(IEnumerable<SurveyResponse> responses, PulseSurvey? survey = null) =>
        SurveyResults.Compute(survey ?? Surveys.Wellbeing, Partners, responses);

    private static SurveyResponse WithWorkload(string partnerId, int value) =>
        Surveys.Response(partnerId, extras: ("workload", new LikertAnswer(value)));

    private static SurveyResponse WithComment(string partnerId, string text) =>
        Surveys.Response(partnerId, extras: ("comment", new TextAnswer(text)));

    [Fact]
    public void Groups_at_or_above_the_minimum_are_all_shown_with_their_response_rates()
    {
        var results = Compute([.. Surveys.Responses("bury-council", 20), .. Surveys.Responses("pennine-care", 30), .. Surveys.Responses("bury-hospice", 11)]);

        Assert.Equal(11, results.MinimumGroupSize);
        Assert.True(results.Overall.IsShown);
        Assert.Equal(61, results.Overall.Scores!.ResponseCount);
        Assert.Equal(38.1m, results.Overall.Scores.ResponseRatePercent);
        Assert.Equal([50m, 30m, 55m], results.Partners.Select(partner => partner.Scores!.ResponseRatePercent));
        Assert.Equal(["bury-council", "pennine-care", "bury-hospice"], results.Partners.Select(partner => partner.PartnerId));
    }

    [Fact]
    public void A_small_partner_is_hidden_with_the_next_smallest_so_the_overall_total_gives_neither_away()
    {
        var results = Compute([.. Surveys.Responses("bury-council", 12), .. Surveys.Responses("pennine-care", 30), .. Surveys.Responses("bury-hospice", 3)]);

        Assert.Equal(45, results.Overall.Scores!.ResponseCount);
        var reason = SurveyResults.HiddenReason(11);
        Assert.Equal([reason, null, reason], results.Partners.Select(partner => partner.Hidden));
        Assert.All(results.Partners.Where(partner => !partner.IsShown), partner => Assert.Null(partner.Scores));
        var shown = results.Partners.Where(partner => partner.IsShown).Sum(partner => partner.Scores!.ResponseCount);
        Assert.Equal(15, results.Overall.Scores.ResponseCount - shown);
    }

    [Fact]
    public void Fewer_responses_overall_than_the_minimum_hides_everything()
    {
        var results = Compute([.. Surveys.Responses("bury-council", 6), .. Surveys.Responses("pennine-care", 4)]);

        var reason = SurveyResults.HiddenReason(11);
        Assert.Equal(reason, results.Overall.Hidden);
        Assert.Null(results.Overall.Scores);
        Assert.Equal([reason, reason, null], results.Partners.Select(partner => partner.Hidden));
    }

    [Fact]
    public void A_partner_with_no_responses_is_shown_as_none_so_leads_can_chase_it()
    {
        var results = Compute([.. Surveys.Responses("bury-council", 12), .. Surveys.Responses("pennine-care", 30)]);

        var hospice = results.Partners.Single(partner => partner.PartnerId == "bury-hospice");
        Assert.True(hospice.IsShown);
        Assert.Equal(0, hospice.Scores!.ResponseCount);
        Assert.Equal(0m, hospice.Scores.ResponseRatePercent);
        Assert.All(hospice.Scores.Likert, score => Assert.Null(score.PercentPositive));
    }

    [Fact]
    public void Free_text_is_never_shown_against_a_hidden_group()
    {
        var results = Compute(
        [
            .. Surveys.Responses("bury-council", 12),
            .. Surveys.Responses("pennine-care", 29),
            WithComment("pennine-care", "Rotas are better."),
            WithComment("bury-hospice", "I am the only chaplain here."),
        ]);

        var hospice = results.Partners.Single(partner => partner.PartnerId == "bury-hospice");
        Assert.Null(hospice.Scores);
        Assert.Equal(["Rotas are better."], results.Partners.Single(partner => partner.PartnerId == "pennine-care").Scores!.Texts.Single().Answers);

        // Not even pooled: the total lists the shown groups' comments and no others.
        Assert.Equal(["Rotas are better."], results.Overall.Scores!.Texts.Single().Answers);
    }

    [Fact]
    public void An_optional_question_answered_by_few_in_a_shown_group_is_hidden_there_and_where_subtraction_would_reveal_it()
    {
        // Everyone answers the required questions; only 3 of the council's 20 and 15 of the trust's 20 answer "workload".
        var results = Compute(
        [
            .. Enumerable.Range(0, 3).Select(_ => WithWorkload("bury-council", 1)),
            .. Surveys.Responses("bury-council", 17),
            .. Enumerable.Range(0, 15).Select(_ => WithWorkload("pennine-care", 4)),
            .. Surveys.Responses("pennine-care", 5),
            .. Surveys.Responses("bury-hospice", 20),
        ]);

        var council = results.Partners[0].Scores!;
        var trust = results.Partners[1].Scores!;
        Assert.Equal(["workload"], council.SuppressedQuestionIds);
        Assert.Equal(["workload"], trust.SuppressedQuestionIds);
        Assert.DoesNotContain(council.Likert, score => score.QuestionId == "workload");
        Assert.Empty(council.Themes);
        Assert.Contains(council.Likert, score => score.QuestionId == "valued");

        // The hospice shows "workload" with nobody answering it: the overall 18 is the council's and trust's pooled.
        Assert.Equal(0, results.Partners[2].Scores!.Likert.Single(score => score.QuestionId == "workload").Answered);
        var overallWorkload = results.Overall.Scores!.Likert.Single(score => score.QuestionId == "workload");
        Assert.Equal(18, overallWorkload.Answered);
        Assert.Equal(83.3m, overallWorkload.PercentPositive);
        Assert.Single(results.Overall.Scores.Themes);
    }

    [Fact]
    public void Partners_already_hidden_protect_a_question_so_no_further_group_loses_it()
    {
        // Hidden: the council (3) and, beside it, the trust (12). All answer "workload" except 2 of the hospice's 13.
        // The hidden pair already pools 15 workload answers, so the hospice's 11 stay shown.
        var results = Compute(
        [
            .. Enumerable.Range(0, 3).Select(_ => WithWorkload("bury-council", 2)),
            .. Enumerable.Range(0, 12).Select(_ => WithWorkload("pennine-care", 4)),
            .. Enumerable.Range(0, 11).Select(_ => WithWorkload("bury-hospice", 5)),
            .. Surveys.Responses("bury-hospice", 2),
        ]);

        Assert.Equal([false, false, true], results.Partners.Select(partner => partner.IsShown));
        var hospice = results.Partners[2].Scores!;
        Assert.Empty(hospice.SuppressedQuestionIds);
        Assert.Equal(11, hospice.Likert.Single(score => score.QuestionId == "workload").Answered);
    }

    [Fact]
    public void A_question_answered_by_fewer_than_the_minimum_overall_is_hidden_everywhere()
    {
        var results = Compute(
        [
            .. Enumerable.Range(0, 4).Select(_ => Surveys.Response("bury-council", extras: ("role", new SingleChoiceAnswer("Care")))),
            .. Surveys.Responses("bury-council", 20),
            .. Surveys.Responses("pennine-care", 20),
        ]);

        Assert.Equal(["role"], results.Overall.Scores!.SuppressedQuestionIds);
        Assert.DoesNotContain(results.Overall.Scores.Choices, score => score.QuestionId == "role");
        Assert.Equal(["role"], results.Partners[0].Scores!.SuppressedQuestionIds);
    }

    [Fact]
    public void The_surveys_minimum_is_used_but_never_below_five()
    {
        var survey = Surveys.Wellbeing with { MinimumGroupSize = 3 };

        var results = Compute([.. Surveys.Responses("bury-council", 4), .. Surveys.Responses("pennine-care", 5), .. Surveys.Responses("bury-hospice", 5)], survey);

        Assert.Equal(5, results.MinimumGroupSize);
        Assert.Equal([false, false, true], results.Partners.Select(partner => partner.IsShown));
    }

    [Fact]
    public void Responses_from_partners_not_listed_are_left_out_of_every_figure()
    {
        var results = Compute([.. Surveys.Responses("bury-council", 12), .. Surveys.Responses("pennine-care", 12), .. Surveys.Responses("former-partner", 3)]);

        Assert.Equal(24, results.Overall.Scores!.ResponseCount);
    }

    [Fact]
    public void A_response_to_another_survey_is_refused() =>
        Assert.Throws<ArgumentException>(() => Compute([Surveys.Response("bury-council") with { SurveyId = "other" }]));

    [Fact]
    public void A_partner_listed_twice_is_refused() =>
        Assert.Throws<ArgumentException>(() => SurveyResults.Compute(Surveys.Wellbeing, [Council, Council], []));

    [Fact]
    public void The_overall_response_rate_is_unknown_when_any_partners_headcount_is()
    {
        var results = SurveyResults.Compute(Surveys.Wellbeing, [Council, Trust with { Headcount = null }], Surveys.Responses("bury-council", 20));

        Assert.Null(results.Overall.Scores!.ResponseRatePercent);
        Assert.Equal(50m, results.Partners[0].Scores!.ResponseRatePercent);
    }

    [Fact]
    public void Subtracting_shown_partners_from_the_overall_never_isolates_a_small_group_for_random_data()
    {
        var random = new Random(6);
        var optional = new[] { "workload", "role", "support" };
        for (var trial = 0; trial < 300; trial++)
        {
            var partners = Enumerable.Range(0, random.Next(1, 6)).Select(index => new SurveyPartner($"p{index}", $"Partner {index}", null)).ToList();
            var responses = partners
                .SelectMany(partner => Enumerable.Range(0, random.Next(3) == 0 ? random.Next(0, 11) : random.Next(0, 40))
                    .Select(_ => Surveys.Response(
                        partner.Id,
                        random.Next(1, 6),
                        random.Next(0, 11),
                        [.. optional.Where(_ => random.Next(3) == 0).Select(id => (id, RandomAnswer(id, random)))])))
                .ToList();
            var minimum = Suppression.EffectiveMinimum(Surveys.Wellbeing.MinimumGroupSize);

            var results = SurveyResults.Compute(Surveys.Wellbeing, partners, responses);

            foreach (var question in Surveys.Wellbeing.Questions.Where(q => q.Kind != QuestionKind.Text))
            {
                var answeredBy = partners.Select(partner => responses.Count(r => r.PartnerId == partner.Id && r.Answers.ContainsKey(question.Id))).ToList();
                var overall = Answered(results.Overall, question.Id);
                var shown = results.Partners.Select(partner => Answered(partner, question.Id)).ToList();
                for (var i = 0; i < partners.Count; i++)
                {
                    Assert.False(answeredBy[i] is > 0 && answeredBy[i] < minimum && shown[i] is not null, $"trial {trial}: {question.Id} shown for a small group");
                }

                // A group large enough to show may be left alone in the remainder; a small one never.
                var hidden = Enumerable.Range(0, partners.Count).Where(i => shown[i] is null && answeredBy[i] > 0).ToList();
                if (overall is { } total && hidden.Any(i => answeredBy[i] < minimum))
                {
                    var remainder = total - shown.Sum(count => count ?? 0);
                    Assert.True(remainder >= minimum && hidden.Count >= 2, $"trial {trial}: {question.Id} remainder {remainder}");
                }
            }
        }
    }

    private static SurveyAnswer RandomAnswer(string questionId, Random random) => questionId switch
    {
        "workload" => new LikertAnswer(random.Next(1, 6)),
        "role" => new SingleChoiceAnswer("Care"),
        _ => new MultiChoiceAnswer(["Peer"]),
    };

    /// <summary>How many answered a question, as the group's shown figures say; null when hidden.</summary>
    private static int? Answered(SurveyGroupResult group, string questionId)
    {
        if (group.Scores is not { } scores || scores.SuppressedQuestionIds.Contains(questionId))
        {
            return null;
        }

        return scores.Likert.FirstOrDefault(score => score.QuestionId == questionId)?.Answered
            ?? scores.Scales.FirstOrDefault(score => score.QuestionId == questionId)?.Answered
            ?? scores.Choices.Single(score => score.QuestionId == questionId).Answered;
    }
}
