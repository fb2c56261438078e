namespace StrategyReports.Surveys.Tests;

public class SubmissionIdsTests
{
    private const string Partition = "bury|wellbeing-2026-q3";
    private static readonly SubmissionIds Ids = new("a-test-secret-of-at-least-thirty-two-chars"u8);

    private static SurveyResponse Response(string comment, DateOnly? day = null)
    {
        var response = Surveys.Response("nca", 5, 9, ("comment", new TextAnswer(comment)));
        return day is { } d ? response with { Day = d } : response;
    }

    [Fact]
    public void A_retry_of_one_submission_gets_the_same_ids_even_across_midnight()
    {
        var first = Ids.For(Partition, "submission-1", Response("Rotas are better", new DateOnly(2026, 12, 2)));
        var retry = Ids.For(Partition, "submission-1", Response("Rotas are better", new DateOnly(2026, 12, 3)));

        Assert.Equal(first, retry);
        Assert.Matches("^[0-9a-f]{32}$", first.ResponseId);
        Assert.Matches("^[0-9a-f]{32}$", first.StagingKey);
        Assert.NotEqual(first.ResponseId, first.StagingKey);
    }

    [Fact]
    public void Another_key_other_answers_another_survey_or_another_secret_give_other_ids()
    {
        var response = Response("Rotas are better");
        var ids = new[]
        {
            Ids.For(Partition, "submission-1", response),
            Ids.For(Partition, "submission-2", response),
            Ids.For(Partition, "submission-1", Response("Rotas are worse")),
            Ids.For("bury|another-survey", "submission-1", response),
            new SubmissionIds("another-secret-of-at-least-thirty-two-characters"u8).For(Partition, "submission-1", response),
        };

        Assert.Equal(ids.Length, ids.Select(id => id.ResponseId).Distinct().Count());
        Assert.Equal(ids.Length, ids.Select(id => id.StagingKey).Distinct().Count());
    }

    [Fact]
    public void Ids_need_a_secret() => Assert.Throws<ArgumentException>(() => new SubmissionIds([]));
}
