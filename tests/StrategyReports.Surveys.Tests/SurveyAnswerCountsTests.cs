using FsCheck;
using FsCheck.Fluent;

namespace StrategyReports.Surveys.Tests;

/// <summary>Counts give every score a measure rests on exactly as the responses themselves do.</summary>
public class SurveyAnswerCountsTests
{
    private static readonly string[] LikertIds = ["valued", "workload"];

    // Answers in and out of range, of the question's kind and of another (as stored before a question changed kind), or none.
    private static Gen<SurveyAnswer?> AnswerTo(string questionId) =>
        Gen.OneOf(
            Gen.Choose(-1, 12).Select(value => (SurveyAnswer?)new LikertAnswer(value)),
            Gen.Choose(-1, 12).Select(value => (SurveyAnswer?)new ScaleAnswer(value)),
            Gen.Elements<SurveyAnswer?>(new SingleChoiceAnswer("Care"), new TextAnswer("fine"), null),
            questionId == "recommend" ? Gen.Choose(0, 10).Select(value => (SurveyAnswer?)new ScaleAnswer(value)) : Gen.Choose(1, 5).Select(value => (SurveyAnswer?)new LikertAnswer(value)));

    private static Gen<SurveyResponse> Responses =>
        from valued in AnswerTo("valued")
        from workload in AnswerTo("workload")
        from recommend in AnswerTo("recommend")
        from comment in AnswerTo("comment")
        select new SurveyResponse(
            Surveys.Wellbeing.Id,
            "council",
            new DateOnly(2026, 11, 2),
            new[] { ("valued", valued), ("workload", workload), ("recommend", recommend), ("comment", comment) }
                .Where(pair => pair.Item2 is not null)
                .ToDictionary(pair => pair.Item1, pair => pair.Item2!, StringComparer.Ordinal));

    [Fact]
    public void Give_the_likert_theme_and_scale_scores_the_responses_give()
    {
        Prop.ForAll(Responses.ListOf().ToArbitrary(), responses =>
        {
            var scores = SurveyScores.Compute(Surveys.Wellbeing, [.. responses], null);
            var counts = SurveyAnswerCounts.Of(responses);

            Assert.Equal(responses.Count, counts.Responses);
            foreach (var questionId in LikertIds)
            {
                AssertSame(scores.Likert.Single(score => score.QuestionId == questionId), counts.Likert(questionId));
            }

            var theme = scores.Themes.Single();
            Assert.Equal(theme with { QuestionIds = [] }, counts.Theme(theme.Theme, LikertIds) with { QuestionIds = [] });
            Assert.Equal(scores.Scales.Single(), counts.Scale("recommend"));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Added_together_are_the_counts_of_the_groups_together()
    {
        Prop.ForAll(Responses.ListOf().ToArbitrary(), Responses.ListOf().ToArbitrary(), (first, second) =>
        {
            var together = SurveyAnswerCounts.Of(first);
            together.Add(SurveyAnswerCounts.Of(second));
            var whole = SurveyAnswerCounts.Of([.. first, .. second]);

            Assert.Equal(whole.Responses, together.Responses);
            foreach (var questionId in LikertIds)
            {
                AssertSame(whole.Likert(questionId), together.Likert(questionId));
            }

            Assert.Equal(whole.Scale("recommend"), together.Scale("recommend"));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_question_nobody_answered_has_no_figure()
    {
        var counts = SurveyAnswerCounts.Of([Surveys.Response("council", extras: ("comment", new TextAnswer("fine")))]);

        Assert.Equal(new ScaleScore("unasked", 0, 0, 0, null, null), counts.Scale("unasked"));
        Assert.Equal(0, counts.Likert("workload").Answered);
        Assert.Null(counts.Likert("workload").Mean0To10);
        Assert.Null(counts.Theme("none", ["unasked"]).Score);
    }

    [Fact]
    public void A_score_read_out_does_not_move_when_more_are_counted()
    {
        var counts = SurveyAnswerCounts.Of([Surveys.Response("council", valued: 5)]);
        var before = counts.Likert("valued");

        counts.Add(Surveys.Response("council", valued: 5));

        Assert.Equal([0, 0, 0, 0, 1], before.Counts);
        Assert.Equal([0, 0, 0, 0, 2], counts.Likert("valued").Counts);
    }

    // A Likert score holds its counts as a list, which records compare by reference.
    private static void AssertSame(LikertScore expected, LikertScore actual)
    {
        Assert.Equal(expected.Counts, actual.Counts);
        Assert.Equal(expected with { Counts = [] }, actual with { Counts = [] });
    }
}
