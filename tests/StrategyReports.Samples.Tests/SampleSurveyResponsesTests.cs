using System.Text.Json;
using StrategyReports.Domain.Periods;
using StrategyReports.Surveys;

namespace StrategyReports.Samples.Tests;

public class SampleSurveyResponsesTests
{
    private static readonly Lazy<IReadOnlyList<SurveyResponse>> Pulse = new(() =>
        SampleSurveyResponses.Generate(Samples.Bury, Samples.Bury.FindSurvey("wellbeing-pulse")!, Samples.Bury.Periods, 1500, Samples.Seed));

    private static readonly Lazy<IReadOnlyList<SurveyResponse>> NewStarters = new(() =>
        SampleSurveyResponses.Generate(Samples.Bury, Samples.Bury.FindSurvey("new-starter")!, Samples.Bury.Periods, 2000, Samples.Seed));

    public static TheoryData<string> Surveys => ["wellbeing-pulse", "new-starter"];

    [Fact]
    public void The_same_seed_gives_the_same_responses_and_another_seed_others()
    {
        var survey = Samples.Bury.FindSurvey("new-starter")!;

        var again = SampleSurveyResponses.Generate(Samples.Bury, survey, Samples.Bury.Periods, 2000, Samples.Seed);
        var other = SampleSurveyResponses.Generate(Samples.Bury, survey, Samples.Bury.Periods, 2000, Samples.Seed + 1);

        Assert.Equal(NewStarters.Value.Select(response => response.ToJson()), again.Select(response => response.ToJson()));
        Assert.NotEqual(NewStarters.Value.Select(response => response.ToJson()), other.Select(response => response.ToJson()));
    }

    [Theory]
    [MemberData(nameof(Surveys))]
    public void Every_response_is_accepted_by_the_survey_answer_validator_unchanged(string surveyId)
    {
        var survey = Samples.Bury.FindSurvey(surveyId)!;
        var partnerIds = Samples.Bury.Partners.Select(partner => partner.Id).ToList();

        Assert.All(ResponsesTo(surveyId), response =>
        {
            var submitted = response.Answers.ToDictionary(pair => pair.Key, pair => AsSubmitted(pair.Value));

            var validation = SurveyAnswerValidator.Validate(survey, response.PartnerId, submitted, partnerIds);

            Assert.Empty(validation.Problems);
            Assert.Equal(response.Answers.OrderBy(pair => pair.Key), validation.Answers.OrderBy(pair => pair.Key));
            Assert.Equal(surveyId, response.SurveyId);
        });
    }

    [Theory]
    [MemberData(nameof(Surveys))]
    public void Every_day_is_inside_both_the_surveys_window_and_the_periods(string surveyId)
    {
        var survey = Samples.Bury.FindSurvey(surveyId)!;
        var periods = new[] { Period.Parse("2025-26-Q2"), Period.Parse("2025-26-Q3") };

        var responses = SampleSurveyResponses.Generate(Samples.Bury, survey, periods, 700, Samples.Seed);

        Assert.Equal(700, responses.Count);
        Assert.All(responses, response =>
        {
            Assert.True(survey.IsOpenOn(response.Day), $"{response.Day} outside {survey.Opens}–{survey.Closes}");
            Assert.Contains(Period.Containing(response.Day), periods);
        });
    }

    [Fact]
    public void A_survey_closed_throughout_the_periods_gets_no_responses()
    {
        var pulse = Samples.Bury.FindSurvey("wellbeing-pulse")!;

        Assert.Empty(SampleSurveyResponses.Generate(Samples.Bury, pulse, [Period.Parse("2026-27-Q1")], 500, Samples.Seed));
    }

    [Fact]
    public void Responses_spread_over_the_open_quarters_in_proportion_to_their_days()
    {
        var byPeriod = NewStarters.Value.GroupBy(response => Period.Containing(response.Day)).ToDictionary(group => group.Key, group => group.Count());

        Assert.Equal(Samples.Bury.Periods, byPeriod.Keys.Order());
        Assert.All(byPeriod.Values, count => Assert.InRange(count, 230, 270));
    }

    [Theory]
    [MemberData(nameof(Surveys))]
    public void Partners_share_by_headcount_but_the_smallest_stays_below_the_minimum_group_size(string surveyId)
    {
        var survey = Samples.Bury.FindSurvey(surveyId)!;
        var responses = ResponsesTo(surveyId);

        foreach (var quarter in responses.GroupBy(response => Period.Containing(response.Day)))
        {
            var byPartner = quarter.GroupBy(response => response.PartnerId).ToDictionary(group => group.Key, group => group.Count());
            Assert.InRange(byPartner.GetValueOrDefault("vcfa"), 1, survey.MinimumGroupSize - 1);
            Assert.True(byPartner["nca"] > 10 * byPartner["gp-federation"] / 2);
            Assert.True(byPartner["independent-providers"] > byPartner["persona"]);
        }
    }

    [Fact]
    public void Likert_answers_lean_positive_but_use_the_whole_scale()
    {
        var likert = Pulse.Value.SelectMany(response => response.Answers.Values.OfType<LikertAnswer>()).Select(answer => answer.Value).ToList();

        var positive = likert.Count(value => value >= 4) / (double)likert.Count;
        Assert.InRange(positive, 0.5, 0.8);
        Assert.All(Enumerable.Range(1, 5), value => Assert.Contains(value, likert));
    }

    [Fact]
    public void Recommendation_scores_spread_across_zero_to_ten_with_promoters_and_detractors()
    {
        var scores = Pulse.Value.Select(response => ((ScaleAnswer)response.Answers["recommend-place-to-work"]).Value).ToList();

        Assert.True(scores.Distinct().Count() >= 9);
        var promoters = scores.Count(score => score >= 9) / (double)scores.Count;
        var detractors = scores.Count(score => score <= 6) / (double)scores.Count;
        Assert.InRange(promoters, 0.15, 0.5);
        Assert.InRange(detractors, 0.15, 0.5);
    }

    [Fact]
    public void Choices_come_from_the_options_offered_with_every_option_chosen_by_someone()
    {
        var survey = Samples.Bury.FindSurvey("new-starter")!;
        var single = NewStarters.Value.Select(response => ((SingleChoiceAnswer)response.Answers["induction-received"]).Option).ToList();
        var multi = NewStarters.Value.Where(response => response.Answers.ContainsKey("settling-in-help"))
            .SelectMany(response => ((MultiChoiceAnswer)response.Answers["settling-in-help"]).Options).ToList();

        Assert.Equal(survey.Questions.Single(question => question.Id == "induction-received").Options!.Order(), single.Distinct().Order());
        Assert.Equal(survey.Questions.Single(question => question.Id == "settling-in-help").Options!.Order(), multi.Distinct().Order());
    }

    [Fact]
    public void Optional_questions_are_sometimes_skipped_and_free_text_is_occasional_short_and_varied()
    {
        var texts = NewStarters.Value.Where(response => response.Answers.ContainsKey("anything-else"))
            .Select(response => ((TextAnswer)response.Answers["anything-else"]).Text).ToList();
        var skippedChoice = NewStarters.Value.Count(response => !response.Answers.ContainsKey("settling-in-help"));

        Assert.InRange(texts.Count / (double)NewStarters.Value.Count, 0.1, 0.35);
        Assert.InRange(skippedChoice / (double)NewStarters.Value.Count, 0.05, 0.25);
        Assert.All(texts, text => Assert.InRange(text.Length, 10, 120));
        Assert.True(texts.Distinct().Count() >= 10);
        Assert.All(NewStarters.Value, response => Assert.True(response.Answers.ContainsKey("understand-locality")));
    }

    [Fact]
    public void A_large_partnership_gets_exactly_the_responses_asked_for_with_small_partners_suppressed()
    {
        var survey = Samples.Large.FindSurvey("staff-pulse")!;

        var responses = SampleSurveyResponses.Generate(Samples.Large, survey, Samples.Large.Periods, 10_000, Samples.Seed);

        Assert.Equal(10_000, responses.Count);
        var perPartnerQuarter = responses.GroupBy(response => (response.PartnerId, Period.Containing(response.Day))).Select(group => group.Count()).ToList();
        Assert.Contains(perPartnerQuarter, count => count < survey.MinimumGroupSize);
        Assert.Contains(perPartnerQuarter, count => count >= survey.MinimumGroupSize * 4);
    }

    private static IReadOnlyList<SurveyResponse> ResponsesTo(string surveyId) => surveyId == "new-starter" ? NewStarters.Value : Pulse.Value;

    private static JsonElement AsSubmitted(SurveyAnswer answer) => answer switch
    {
        LikertAnswer likert => JsonSerializer.SerializeToElement(likert.Value),
        ScaleAnswer scale => JsonSerializer.SerializeToElement(scale.Value),
        SingleChoiceAnswer single => JsonSerializer.SerializeToElement(single.Option),
        MultiChoiceAnswer multi => JsonSerializer.SerializeToElement(multi.Options),
        TextAnswer text => JsonSerializer.SerializeToElement(text.Text),
        _ => throw new InvalidOperationException($"Unexpected answer {answer}"),
    };
}
