using System.Reflection;
using System.Text.Json;

namespace StrategyReports.Surveys.Tests;

public class SurveyResponseTests
{
    private static SurveyResponse Stored()
    {
        var answers = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""
            {"valued": 4, "workload": 2, "recommend": 9, "role": "Care", "support": ["EAP", "Peer"], "comment": "Car parking is hard."}
            """);
        var validation = SurveyAnswerValidator.Validate(Surveys.Wellbeing, "bury-council", answers);
        return validation.ToResponse(new DateOnly(2026, 11, 2));
    }

    [Fact]
    public void A_stored_response_has_room_for_nothing_but_survey_partner_day_and_answers()
    {
        var properties = typeof(SurveyResponse)
            .GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(property => property.Name != "EqualityContract")
            .ToDictionary(property => property.Name, property => property.PropertyType);

        Assert.Equal(
            new Dictionary<string, Type>
            {
                ["SurveyId"] = typeof(string),
                ["PartnerId"] = typeof(string),
                ["Day"] = typeof(DateOnly),
                ["Answers"] = typeof(IReadOnlyDictionary<string, SurveyAnswer>),
            },
            properties);
        Assert.Empty(typeof(SurveyResponse).GetFields(BindingFlags.Public | BindingFlags.Instance));
    }

    [Fact]
    public void Answers_carry_only_the_answer_itself()
    {
        var answerTypes = typeof(SurveyAnswer).Assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(SurveyAnswer))).ToList();

        Assert.Equal(5, answerTypes.Count);
        Assert.All(answerTypes, type => Assert.Subset(
            new HashSet<string> { "Kind", "Value", "Option", "Options", "Text" },
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(property => property.Name).ToHashSet()));
    }

    [Fact]
    public void The_stored_form_holds_nothing_identifying_and_no_time_of_day()
    {
        var json = Stored().ToJson();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal(["surveyId", "partnerId", "day", "answers"], root.EnumerateObject().Select(property => property.Name));
        Assert.Equal("2026-11-02", root.GetProperty("day").GetString());
        Assert.DoesNotContain("14:37", json, StringComparison.Ordinal);
        Assert.DoesNotContain("T14", json, StringComparison.Ordinal);
        Assert.All(
            root.GetProperty("answers").EnumerateObject(),
            answer => Assert.Subset(
                new HashSet<string> { "kind", "value", "option", "options", "text" },
                answer.Value.EnumerateObject().Select(property => property.Name).ToHashSet()));
    }

    [Fact]
    public void The_stored_form_reads_back_to_the_same_answers()
    {
        var stored = Stored();

        var read = SurveyResponse.FromJson(stored.ToJson());

        Assert.Equal((stored.SurveyId, stored.PartnerId, stored.Day), (read.SurveyId, read.PartnerId, read.Day));
        Assert.Equal(stored.Answers.Keys, read.Answers.Keys);
        Assert.Equal(new LikertAnswer(4), read.Answers["valued"]);
        Assert.Equal(new ScaleAnswer(9), read.Answers["recommend"]);
        Assert.Equal(new SingleChoiceAnswer("Care"), read.Answers["role"]);
        Assert.Equal(new MultiChoiceAnswer(["EAP", "Peer"]), read.Answers["support"]);
        Assert.Equal(new TextAnswer("Car parking is hard."), read.Answers["comment"]);
        Assert.Equal(stored.ToJson(), read.ToJson());
    }

    [Fact]
    public void Each_answer_is_tagged_with_its_question_kind()
    {
        using var document = JsonDocument.Parse(Stored().ToJson());
        var answers = document.RootElement.GetProperty("answers");

        Assert.Equal(
            ["likert5", "likert5", "scale0to10", "single-choice", "multi-choice", "text"],
            answers.EnumerateObject().Select(answer => answer.Value.GetProperty("kind").GetString()));
    }

    [Fact]
    public void Multi_choice_answers_compare_by_their_options()
    {
        Assert.Equal(new MultiChoiceAnswer(["EAP", "Peer"]), new MultiChoiceAnswer(["EAP", "Peer"]));
        Assert.Equal(new MultiChoiceAnswer(["EAP", "Peer"]).GetHashCode(), new MultiChoiceAnswer(["EAP", "Peer"]).GetHashCode());
        Assert.NotEqual(new MultiChoiceAnswer(["EAP", "Peer"]), new MultiChoiceAnswer(["EAP"]));
        Assert.NotEqual<SurveyAnswer>(new SingleChoiceAnswer("EAP"), new MultiChoiceAnswer(["EAP"]));
    }

    [Theory]
    [InlineData("2026-09-30", false)]
    [InlineData("2026-10-01", true)]
    [InlineData("2026-12-31", true)]
    [InlineData("2027-01-01", false)]
    public void A_survey_is_open_from_its_first_to_its_last_day(string day, bool open) =>
        Assert.Equal(open, Surveys.Wellbeing.IsOpenOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
