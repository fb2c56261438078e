using System.Text.Json;

namespace StrategyReports.Surveys.Tests;

public class SurveyAnswerValidatorTests
{
    private static readonly string[] Partners = ["bury-council", "pennine-care"];

    private static SurveyAnswerValidation ValidateJson(string answersJson, string? partner = "bury-council") =>
        SurveyAnswerValidator.Validate(
            Surveys.Wellbeing,
            partner,
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(answersJson),
            Partners);

    /// <summary>Validates the required answers plus one more, and returns the one problem expected.</summary>
    private static AnswerProblem OnlyProblem(string field, string answersJson)
    {
        var validation = ValidateJson(answersJson);

        Assert.False(validation.IsValid);
        var problem = Assert.Single(validation.Problems);
        Assert.Equal(field, problem.Field);
        return problem;
    }

    [Fact]
    public void A_complete_valid_submission_becomes_typed_answers()
    {
        var validation = ValidateJson("""
            {"valued": 4, "workload": 2, "recommend": 9, "role": "Care", "support": ["EAP", "Peer"], "comment": "More breaks, please."}
            """);

        Assert.True(validation.IsValid);
        Assert.Empty(validation.Problems);
        Assert.Equal(new LikertAnswer(4), validation.Answers["valued"]);
        Assert.Equal(new LikertAnswer(2), validation.Answers["workload"]);
        Assert.Equal(new ScaleAnswer(9), validation.Answers["recommend"]);
        Assert.Equal(new SingleChoiceAnswer("Care"), validation.Answers["role"]);
        Assert.Equal(new MultiChoiceAnswer(["EAP", "Peer"]), validation.Answers["support"]);
        Assert.Equal(new TextAnswer("More breaks, please."), validation.Answers["comment"]);
    }

    [Fact]
    public void Optional_questions_may_be_left_out_or_null()
    {
        var validation = ValidateJson("""{"valued": 1, "recommend": 0, "workload": null, "comment": "  "}""");

        Assert.True(validation.IsValid);
        Assert.Equal(["valued", "recommend"], validation.Answers.Keys);
    }

    [Fact]
    public void A_required_question_left_unanswered_is_named() =>
        Assert.Equal("This question needs an answer.", OnlyProblem("answers.recommend", """{"valued": 3}""").Message);

    [Fact]
    public void An_unknown_question_is_named() =>
        Assert.Equal(
            "This survey has no question 'salary'.",
            OnlyProblem("answers.salary", """{"valued": 3, "recommend": 5, "salary": 5}""").Message);

    [Theory]
    [InlineData("\"4\"")]
    [InlineData("4.5")]
    [InlineData("4.0")]
    [InlineData("4e0")]
    [InlineData("99999999999999999999")]
    [InlineData("true")]
    [InlineData("[4]")]
    [InlineData("\"NaN\"")]
    public void A_likert_answer_must_be_a_whole_json_number(string value) =>
        Assert.Equal(
            "Answer with a whole number from 1 to 5.",
            OnlyProblem("answers.valued", $$"""{"valued": {{value}}, "recommend": 5}""").Message);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_likert_answer_must_be_from_1_to_5(int value) =>
        Assert.Equal(
            $"{value} is out of range: answer with a whole number from 1 to 5.",
            OnlyProblem("answers.valued", $$"""{"valued": {{value}}, "recommend": 5}""").Message);

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void A_scale_answer_must_be_from_0_to_10(int value) =>
        Assert.Equal(
            $"{value} is out of range: answer with a whole number from 0 to 10.",
            OnlyProblem("answers.recommend", $$"""{"valued": 3, "recommend": {{value}}}""").Message);

    [Fact]
    public void A_single_choice_must_be_one_of_the_options_offered() =>
        Assert.Equal(
            "'Doctor' is not one of the options offered.",
            OnlyProblem("answers.role", """{"valued": 3, "recommend": 5, "role": "Doctor"}""").Message);

    [Fact]
    public void A_single_choice_must_be_text() =>
        Assert.Equal(
            "Choose one of the options offered.",
            OnlyProblem("answers.role", """{"valued": 3, "recommend": 5, "role": ["Care"]}""").Message);

    [Fact]
    public void A_single_choice_is_matched_exactly() =>
        OnlyProblem("answers.role", """{"valued": 3, "recommend": 5, "role": "care"}""");

    [Fact]
    public void A_multi_choice_must_only_contain_options_offered() =>
        Assert.Equal(
            "'Gym' is not one of the options offered.",
            OnlyProblem("answers.support", """{"valued": 3, "recommend": 5, "support": ["EAP", "Gym"]}""").Message);

    [Fact]
    public void A_multi_choice_must_not_repeat_an_option() =>
        Assert.Equal(
            "'Peer' is chosen more than once.",
            OnlyProblem("answers.support", """{"valued": 3, "recommend": 5, "support": ["Peer", "EAP", "Peer"]}""").Message);

    [Theory]
    [InlineData("\"EAP\"")]
    [InlineData("[\"EAP\", 2]")]
    public void A_multi_choice_must_be_a_list_of_text(string value) =>
        Assert.Equal(
            "Choose one or more of the options offered, as a list.",
            OnlyProblem("answers.support", $$"""{"valued": 3, "recommend": 5, "support": {{value}}}""").Message);

    [Fact]
    public void A_text_answer_must_fit_the_questions_limit()
    {
        var text = new string('x', 501);

        Assert.Equal(
            "The answer is 501 characters long; the limit is 500.",
            OnlyProblem("answers.comment", $$"""{"valued": 3, "recommend": 5, "comment": "{{text}}"}""").Message);
    }

    [Fact]
    public void A_text_answer_of_exactly_the_limit_is_accepted() =>
        Assert.True(ValidateJson($$"""{"valued": 3, "recommend": 5, "comment": "{{new string('x', 500)}}"}""").IsValid);

    [Fact]
    public void A_text_question_without_a_limit_takes_up_to_2000_characters()
    {
        var survey = Surveys.Wellbeing with { Questions = [new SurveyQuestion("idea", QuestionKind.Text, "Your idea")] };
        Dictionary<string, JsonElement> Answer(int length) => new() { ["idea"] = JsonSerializer.SerializeToElement(new string('y', length)) };

        Assert.True(SurveyAnswerValidator.Validate(survey, "p", Answer(2000)).IsValid);
        var problem = Assert.Single(SurveyAnswerValidator.Validate(survey, "p", Answer(2001)).Problems);
        Assert.Equal("The answer is 2,001 characters long; the limit is 2,000.", problem.Message);
    }

    [Fact]
    public void A_text_answer_must_be_text() =>
        Assert.Equal("Answer in words.", OnlyProblem("answers.comment", """{"valued": 3, "recommend": 5, "comment": 42}""").Message);

    [Fact]
    public void Text_is_kept_exactly_as_written()
    {
        const string Said = "  My manager, Jo, is great.\nThanks!  ";

        var validation = ValidateJson(JsonSerializer.Serialize(new Dictionary<string, object> { ["valued"] = 3, ["recommend"] = 5, ["comment"] = Said }));

        Assert.Equal(new TextAnswer(Said), validation.Answers["comment"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void The_partner_must_be_given(string? partner)
    {
        var problem = Assert.Single(ValidateJson("""{"valued": 3, "recommend": 5}""", partner).Problems);

        Assert.Equal(new AnswerProblem("partner", "Say which partner organisation you work for."), problem);
    }

    [Fact]
    public void The_partner_must_belong_to_the_partnership()
    {
        var problem = Assert.Single(ValidateJson("""{"valued": 3, "recommend": 5}""", "leeds-council").Problems);

        Assert.Equal(new AnswerProblem("partner", "'leeds-council' is not a partner organisation in this partnership."), problem);
    }

    [Fact]
    public void An_empty_answer_set_is_refused()
    {
        var survey = Surveys.Wellbeing with { Questions = [.. Surveys.Wellbeing.Questions.Select(q => q with { Required = false })] };

        var validation = SurveyAnswerValidator.Validate(survey, "bury-council", new Dictionary<string, JsonElement>());

        Assert.Equal([new AnswerProblem("answers", "Answer at least one question.")], validation.Problems);
        Assert.Equal(
            [new AnswerProblem("answers", "Answer at least one question.")],
            SurveyAnswerValidator.Validate(survey, "bury-council", null).Problems);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var validation = ValidateJson("""{"valued": 9, "role": "Doctor", "nickname": "Jo"}""", partner: null);

        Assert.Equal(
            ["partner", "answers.nickname", "answers.valued", "answers.recommend", "answers.role"],
            validation.Problems.Select(problem => problem.Field));
    }

    [Fact]
    public void A_submission_with_problems_cannot_become_a_response() =>
        Assert.Throws<InvalidOperationException>(() => ValidateJson("""{"valued": 9}""").ToResponse(new DateOnly(2026, 11, 2)));

    [Fact]
    public void A_form_post_becomes_the_same_typed_answers()
    {
        var form = new KeyValuePair<string, string>[]
        {
            new("__RequestVerificationToken", "abc"),
            new("partner", "pennine-care"),
            new("answers.valued", "5"),
            new("answers.workload", ""),
            new("answers.recommend", "10"),
            new("answers.role", ""),
            new("answers.support", "Peer"),
            new("answers.support", "Manager"),
            new("answers.comment", "Good team."),
        };

        var validation = SurveyAnswerValidator.ValidateForm(Surveys.Wellbeing, form, Partners);

        Assert.True(validation.IsValid);
        Assert.Equal("pennine-care", validation.PartnerId);
        Assert.Equal(["valued", "recommend", "support", "comment"], validation.Answers.Keys);
        Assert.Equal(new LikertAnswer(5), validation.Answers["valued"]);
        Assert.Equal(new ScaleAnswer(10), validation.Answers["recommend"]);
        Assert.Equal(new MultiChoiceAnswer(["Peer", "Manager"]), validation.Answers["support"]);
        Assert.Equal(new TextAnswer("Good team."), validation.Answers["comment"]);
    }

    [Theory]
    [InlineData("valued", "4.5", "4.5")]
    [InlineData("valued", "\"four\"", "four")]
    [InlineData("valued", "6", "6")]
    [InlineData("recommend", "-1", "-1")]
    [InlineData("recommend", "11", "11")]
    [InlineData("role", "\"Doctor\"", "Doctor")]
    [InlineData("support", "[\"Gym\"]", "Gym")]
    public void A_form_post_gets_the_same_message_as_json(string question, string json, string formValue)
    {
        var others = new Dictionary<string, string> { ["valued"] = "3", ["recommend"] = "5" };
        others.Remove(question);
        var answersJson = "{" + string.Join(", ", others.Select(pair => $"\"{pair.Key}\": {pair.Value}").Append($"\"{question}\": {json}")) + "}";
        var form = others
            .Select(pair => new KeyValuePair<string, string>($"answers.{pair.Key}", pair.Value))
            .Append(new("partner", "bury-council"))
            .Append(new($"answers.{question}", formValue));

        var viaJson = Assert.Single(ValidateJson(answersJson).Problems);
        var viaForm = Assert.Single(SurveyAnswerValidator.ValidateForm(Surveys.Wellbeing, form, Partners).Problems);

        Assert.Equal(viaJson, viaForm);
    }

    [Fact]
    public void A_form_post_gets_the_same_message_for_long_text()
    {
        var text = new string('x', 501);
        var form = new KeyValuePair<string, string>[]
        {
            new("partner", "bury-council"),
            new("answers.valued", "3"),
            new("answers.recommend", "5"),
            new("answers.comment", text),
        };

        var viaJson = Assert.Single(ValidateJson($$"""{"valued": 3, "recommend": 5, "comment": "{{text}}"}""").Problems);
        var viaForm = Assert.Single(SurveyAnswerValidator.ValidateForm(Surveys.Wellbeing, form, Partners).Problems);

        Assert.Equal(viaJson, viaForm);
    }

    [Theory]
    [InlineData("role", "Care", "Admin")]
    [InlineData("comment", "Good team.", "Long shifts.")]
    public void A_form_post_may_give_a_single_answer_question_one_value_only(string question, string first, string second)
    {
        var form = new KeyValuePair<string, string>[]
        {
            new("partner", "bury-council"),
            new("answers.valued", "3"),
            new("answers.recommend", "5"),
            new($"answers.{question}", first),
            new($"answers.{question}", second),
        };

        var problem = Assert.Single(SurveyAnswerValidator.ValidateForm(Surveys.Wellbeing, form, Partners).Problems);

        Assert.Equal(new AnswerProblem($"answers.{question}", "Give one answer only."), problem);
    }

    [Fact]
    public void A_form_post_without_a_partner_or_with_two_is_refused()
    {
        var twoPartners = new KeyValuePair<string, string>[]
        {
            new("partner", "bury-council"),
            new("partner", "pennine-care"),
            new("answers.valued", "3"),
            new("answers.recommend", "5"),
        };

        Assert.Equal("partner", Assert.Single(SurveyAnswerValidator.ValidateForm(Surveys.Wellbeing, twoPartners).Problems).Field);
        Assert.Equal("partner", Assert.Single(SurveyAnswerValidator.ValidateForm(Surveys.Wellbeing, twoPartners.Skip(2)).Problems).Field);
    }
}
