namespace StrategyReports.Surveys.Tests;

public sealed class ReadAnswersTests
{
    private static readonly SurveyAnswer[] Answers = [new LikertAnswer(4), new SingleChoiceAnswer("Nurse"), new MultiChoiceAnswer(["Staff network", "Counselling"])];

    private static ReadAnswers Read() => new(["wellbeing-supported", "staff-group", "support-used"], Answers);

    [Fact]
    public void Finds_each_answer_by_its_question_and_none_for_a_question_not_answered()
    {
        var answers = Read();

        Assert.Equal(3, answers.Count);
        Assert.Equal(new SingleChoiceAnswer("Nurse"), answers["staff-group"]);
        Assert.True(answers.TryGetValue(new string("support-used".ToCharArray()), out var found));
        Assert.Same(Answers[2], found);
        Assert.False(answers.ContainsKey("one-change"));
        Assert.False(answers.TryGetValue("Staff-group", out _));
        Assert.Throws<KeyNotFoundException>(() => answers["one-change"]);
    }

    [Fact]
    public void Lists_the_answers_in_the_order_they_were_stored()
    {
        var answers = Read();

        Assert.Equal(["wellbeing-supported", "staff-group", "support-used"], answers.Keys);
        Assert.Equal(Answers, answers.Values);
        Assert.Equal(answers.Keys.Zip(answers.Values, KeyValuePair.Create), answers);
    }

    [Fact]
    public void Stores_and_reads_as_the_same_response_as_a_dictionary_of_the_same_answers()
    {
        var dictionary = new SurveyResponse("wellbeing-pulse", "p1", new DateOnly(2026, 10, 5), Read().ToDictionary(StringComparer.Ordinal));
        var read = dictionary with { Answers = Read() };

        Assert.Equal(dictionary.ToJson(), read.ToJson());
    }

    [Fact]
    public void Refuses_a_question_answered_twice_or_ids_and_answers_that_do_not_pair_up()
    {
        Assert.Throws<ArgumentException>(() => new ReadAnswers(["q1", "q2", "q1"], [.. Answers]));
        Assert.Throws<ArgumentException>(() => new ReadAnswers(["q1", "q2"], Answers));
    }

    [Fact]
    public void Its_id_and_answer_lists_cannot_be_changed_through_it()
    {
        var answers = Read();

        Assert.IsNotType<string[]>(answers.Keys);
        Assert.IsNotType<SurveyAnswer[]>(answers.Values);
    }
}
