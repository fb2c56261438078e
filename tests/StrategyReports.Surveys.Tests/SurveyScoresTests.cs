namespace StrategyReports.Surveys.Tests;

public class SurveyScoresTests
{
    private static SurveyScores Score(IEnumerable<SurveyResponse> responses, int? headcount = null) =>
        SurveyScores.Compute(Surveys.Wellbeing, responses.ToList(), headcount);

    private static IEnumerable<SurveyResponse> Valued(params int[] values) =>
        values.Select(value => Surveys.Response("bury-council", valued: value));

    private static IEnumerable<SurveyResponse> Recommend(params int[] values) =>
        values.Select(value => Surveys.Response("bury-council", recommend: value));

    [Fact]
    public void Percent_positive_counts_agree_and_strongly_agree()
    {
        // 5 of 8 answered 4 or 5: 62.5%.
        var score = Score(Valued(5, 4, 4, 3, 1, 2, 5, 4)).Likert.Single(s => s.QuestionId == "valued");

        Assert.Equal(8, score.Answered);
        Assert.Equal([1, 1, 1, 3, 2], score.Counts);
        Assert.Equal(62.5m, score.PercentPositive);
    }

    [Fact]
    public void Likert_mean_maps_one_to_five_onto_zero_to_ten_and_rounds_half_away_from_zero()
    {
        // 10 + 7.5 + 7.5 + 5 + 0 + 2.5 + 10 + 7.5 = 50; 50 / 8 = 6.25, shown as 6.3.
        var score = Score(Valued(5, 4, 4, 3, 1, 2, 5, 4)).Likert.Single(s => s.QuestionId == "valued");

        Assert.Equal(6.3m, score.Mean0To10);
    }

    [Fact]
    public void Theme_score_is_the_mean_of_every_likert_answer_to_the_themes_questions()
    {
        // valued 5, 4, 3 and workload 2, 1: (10 + 7.5 + 5 + 2.5 + 0) / 5 = 5.0.
        var responses = new[]
        {
            Surveys.Response("p", valued: 5, extras: ("workload", new LikertAnswer(2))),
            Surveys.Response("p", valued: 4, extras: ("workload", new LikertAnswer(1))),
            Surveys.Response("p", valued: 3),
        };

        var theme = Assert.Single(Score(responses).Themes);

        Assert.Equal("wellbeing", theme.Theme);
        Assert.Equal(["valued", "workload"], theme.QuestionIds);
        Assert.Equal(5, theme.Answers);
        Assert.Equal(5.0m, theme.Score);
    }

    [Fact]
    public void Theme_score_weights_answers_not_questions()
    {
        // valued 5, 4 and workload 4: (10 + 7.5 + 7.5) / 3 = 8.33…, not the mean of question means (8.75 and 7.5).
        var responses = new[]
        {
            Surveys.Response("p", valued: 5, extras: ("workload", new LikertAnswer(4))),
            Surveys.Response("p", valued: 4),
        };

        Assert.Equal(8.3m, Assert.Single(Score(responses).Themes).Score);
    }

    [Fact]
    public void Enps_is_percent_promoters_minus_percent_detractors()
    {
        // 10, 9 promote (40%); 6 detracts (20%); 8 and 7 are passive: eNPS 20, mean 8.0.
        var score = Assert.Single(Score(Recommend(10, 9, 8, 7, 6)).Scales);

        Assert.Equal(2, score.Promoters);
        Assert.Equal(1, score.Detractors);
        Assert.Equal(20m, score.NetPromoterScore);
        Assert.Equal(8.0m, score.Mean);
    }

    [Fact]
    public void Enps_is_rounded_once_from_exact_counts()
    {
        // 2 promoters and 1 detractor of 3: 33.33… exactly, where 66.7 - 33.3 would give 33.4.
        Assert.Equal(33.3m, Assert.Single(Score(Recommend(10, 9, 6)).Scales).NetPromoterScore);
    }

    [Theory]
    [InlineData(9, 6.3)]
    [InlineData(0, -6.3)]
    public void Enps_rounds_half_away_from_zero_both_ways(int oddOneOut, double expected)
    {
        // One of 16 is 6.25%; the other fifteen answer 7 (passive).
        var values = Enumerable.Repeat(7, 15).Append(oddOneOut).ToArray();

        Assert.Equal((decimal)expected, Assert.Single(Score(Recommend(values)).Scales).NetPromoterScore);
    }

    [Fact]
    public void Enps_can_be_minus_100()
    {
        Assert.Equal(-100m, Assert.Single(Score(Recommend(0, 3, 6)).Scales).NetPromoterScore);
    }

    [Theory]
    [InlineData(30, 26.7)]
    [InlineData(8, 100.0)]
    [InlineData(4, 200.0)]
    public void Response_rate_is_the_count_over_the_headcount(int headcount, double expected)
    {
        var scores = Score(Surveys.Responses("p", 8), headcount);

        Assert.Equal(8, scores.ResponseCount);
        Assert.Equal((decimal)expected, scores.ResponseRatePercent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void Response_rate_is_unknown_without_a_headcount(int? headcount) =>
        Assert.Null(Score(Surveys.Responses("p", 8), headcount).ResponseRatePercent);

    [Fact]
    public void Single_choice_counts_every_offered_option_including_unchosen_ones()
    {
        var responses = new[] { "Nursing", "Nursing", "Care" }
            .Select(role => Surveys.Response("p", extras: ("role", new SingleChoiceAnswer(role))));

        var score = Score(responses).Choices.Single(c => c.QuestionId == "role");

        Assert.Equal(3, score.Answered);
        Assert.Equal(
            [new OptionCount("Nursing", 2, 66.7m), new OptionCount("Care", 1, 33.3m), new OptionCount("Admin", 0, 0m)],
            score.Options);
    }

    [Fact]
    public void Multi_choice_percentages_are_of_those_answering_so_they_can_sum_past_100()
    {
        var responses = new IReadOnlyList<string>[] { ["EAP", "Peer"], ["Peer"], ["Peer", "Manager"] }
            .Select(options => Surveys.Response("p", extras: ("support", new MultiChoiceAnswer(options))))
            .Append(Surveys.Response("p"));

        var score = Score(responses).Choices.Single(c => c.QuestionId == "support");

        Assert.Equal(3, score.Answered);
        Assert.Equal(
            [new OptionCount("EAP", 1, 33.3m), new OptionCount("Peer", 3, 100m), new OptionCount("Manager", 1, 33.3m)],
            score.Options);
    }

    [Fact]
    public void Text_answers_are_listed_in_sorted_order()
    {
        var responses = new[] { "More breaks", "Car parking", "Better rotas" }
            .Select(text => Surveys.Response("p", extras: ("comment", new TextAnswer(text))));

        Assert.Equal(["Better rotas", "Car parking", "More breaks"], Assert.Single(Score(responses).Texts).Answers);
    }

    [Fact]
    public void A_question_nobody_answered_has_no_figures()
    {
        var workload = Score(Surveys.Responses("p", 3)).Likert.Single(s => s.QuestionId == "workload");

        Assert.Equal(0, workload.Answered);
        Assert.Null(workload.PercentPositive);
        Assert.Null(workload.Mean0To10);
    }

    [Fact]
    public void Answers_of_the_wrong_kind_or_to_removed_questions_are_left_out()
    {
        var responses = new[]
        {
            Surveys.Response("p", valued: 5),
            Surveys.Response("p", valued: 1, extras: [("workload", new ScaleAnswer(9)), ("retired-question", new LikertAnswer(5))]),
        };

        var scores = Score(responses);

        Assert.Equal(0, scores.Likert.Single(s => s.QuestionId == "workload").Answered);
        Assert.Equal(50m, scores.Likert.Single(s => s.QuestionId == "valued").PercentPositive);
    }

    [Fact]
    public void Without_questions_drops_their_figures_and_their_themes()
    {
        var scores = Score(Surveys.Responses("p", 3)).WithoutQuestions(new HashSet<string> { "workload", "role" });

        Assert.Equal(["valued"], scores.Likert.Select(s => s.QuestionId));
        Assert.Empty(scores.Themes);
        Assert.Equal(["support"], scores.Choices.Select(c => c.QuestionId));
        Assert.Equal(["role", "workload"], scores.SuppressedQuestionIds);
    }
}
