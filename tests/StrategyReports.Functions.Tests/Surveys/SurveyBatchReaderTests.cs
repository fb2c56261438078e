using Azure.Data.Tables;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Surveys;
using StrategyReports.Samples;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>
/// The hand-written reader of stored response rows against the serializer that writes them: whatever the store
/// writes reads back the same, and what it cannot read is refused by name, never half read.
/// </summary>
public sealed class SurveyBatchReaderTests
{
    private const string Partnership = "large-sample";

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_responses_of_every_kind_read_back_as_written(int seed)
    {
        var strategy = SampleStrategies.Large(partners: 12, measures: 6, quarters: 2, seed: seed);
        var batch = strategy.Surveys
            .SelectMany(survey => SampleSurveyResponses.Generate(strategy, survey, strategy.Periods, 400, seed))
            .Select((response, i) => new StagedResponse(StagedResponse.NewId(), response, Held: i % 37 == 0))
            .ToList();
        Assert.Equal(
            Enum.GetValues<QuestionKind>().Order(),
            batch.SelectMany(staged => staged.Response.Answers.Values).Select(answer => answer.Kind).Distinct().Order());

        var read = batch.GroupBy(staged => staged.Response.SurveyId)
            .SelectMany(survey => SurveyResponseStore.ToRows(Partnership, survey))
            .SelectMany(SurveyResponseStore.Items)
            .ToDictionary(item => item.Id, StringComparer.Ordinal);

        Assert.Equal(batch.Count, read.Count);
        Assert.All(batch, staged =>
        {
            Assert.Equal(staged.Response.ToJson(), read[staged.Id].Response.ToJson());
            Assert.Equal(staged.Held, read[staged.Id].Held);
        });
    }

    [Fact]
    public void Text_cut_across_properties_inside_a_character_pair_and_escaped_characters_read_back_whole()
    {
        // The cut falls at a fixed number of characters; a run of emoji puts a surrogate pair across it wherever it lands.
        var text = "“Quoted” <b>&</b> \\ \"\t\u0001 é " + string.Concat(Enumerable.Repeat("😀", 40_000));
        var staged = new StagedResponse(StagedResponse.NewId(), Response("p1", new TextAnswer(text)), Held: false);
        var row = Assert.Single(SurveyResponseStore.ToRows(Partnership, [staged]));
        Assert.True(text.Length > 2 * TableLimits.MaxStringLength);
        Assert.NotNull(row.GetString("R2"));

        var item = Assert.Single(SurveyResponseStore.Items(row));

        Assert.Equal(text, ((TextAnswer)item.Response.Answers["one-change"]).Text);
    }

    [Fact]
    public void A_kind_written_after_the_value_and_properties_it_does_not_know_still_read()
    {
        var row = BatchRow("""
            [{"extra":{"a":[1,2,{"b":null}]},"held":true,"response":{"answers":{
              "wellbeing-supported":{"value":4,"kind":"likert5"},
              "support-used":{"options":["Staff network","Counselling"],"note":"x","kind":"multi-choice"},
              "staff-group":{"option":"Nurse","kind":"single-choice"}},
              "day":"2026-10-05","partnerId":"p1","surveyId":"wellbeing-pulse"},"id":"abc"}]
            """);

        var item = Assert.Single(SurveyResponseStore.Items(row));

        Assert.Equal(("abc", true), (item.Id, item.Held));
        Assert.Equal(new DateOnly(2026, 10, 5), item.Response.Day);
        Assert.Equal(new LikertAnswer(4), item.Response.Answers["wellbeing-supported"]);
        Assert.Equal(new MultiChoiceAnswer(["Staff network", "Counselling"]), item.Response.Answers["support-used"]);
        Assert.Equal(new SingleChoiceAnswer("Nurse"), item.Response.Answers["staff-group"]);
    }

    [Fact]
    public void A_row_of_the_earlier_layout_reads_its_one_response()
    {
        var response = Response("p2", new ScaleAnswer(9));
        var row = new TableEntity("large-sample|wellbeing-pulse", "0f3a") { ["PartnerId"] = "p2", ["Day"] = "2026-10-05", ["Response"] = response.ToJson(), ["Held"] = true };

        var item = Assert.Single(SurveyResponseStore.Items(row));

        Assert.Equal(("0f3a", true, response.ToJson()), (item.Id, item.Held, item.Response.ToJson()));
    }

    [Fact]
    public void Responses_read_together_share_their_ids_and_answers_on_a_scale()
    {
        var batch = Enumerable.Range(0, 3).Select(_ => new StagedResponse(StagedResponse.NewId(), Response("partner-with-a-long-id", new LikertAnswer(5)), Held: false)).ToList();

        var items = SurveyResponseStore.Items(Assert.Single(SurveyResponseStore.ToRows(Partnership, batch)));

        Assert.All(items, item =>
        {
            Assert.Same(items[0].Response.PartnerId, item.Response.PartnerId);
            Assert.Same(items[0].Response.Answers.Keys.Single(), item.Response.Answers.Keys.Single());
            Assert.Same(items[0].Response.Answers["one-change"], item.Response.Answers["one-change"]);
        });
    }

    [Theory]
    [InlineData("""[{"id":"a","response":{"surveyId":"s","partnerId":"p","day":"2026-10-05","answers":{"q":{"kind":"stars","value":4}}}}]""", "unknown kind 'stars'")]
    [InlineData("""[{"id":"a","response":{"surveyId":"s","partnerId":"p","day":"2026-10-05","answers":{"q":{"value":4}}}}]""", "no kind")]
    [InlineData("""[{"id":"a","response":{"surveyId":"s","partnerId":"p","day":"2026-10-05","answers":{"q":{"kind":"likert5"}}}}]""", "no value")]
    [InlineData("""[{"id":"a","response":{"surveyId":"s","day":"2026-10-05","answers":{}}}]""", "no partnerId")]
    [InlineData("""[{"response":{"surveyId":"s","partnerId":"p","day":"2026-10-05","answers":{}}}]""", "no id")]
    [InlineData("""[{"id":"a","response":{"surveyId":"s","partnerId":"p","day":"5 October","answers":{}}}]""", "not in the stored form")]
    [InlineData("""[{"id":"a","response":{"surveyId":"s","partnerId":"p","day":"2026-10-05","answers":{}}}] []""", "not in the stored form")]
    [InlineData("""[{"id":"a","response":{"surveyId":"s","partnerId":"p","day":"2026-10-05","answers":{}}""", "not in the stored form")]
    [InlineData("""{"id":"a"}""", "not in the stored form")]
    public void A_row_not_in_the_stored_form_is_refused_naming_the_row(string json, string reason)
    {
        var row = BatchRow(json);

        var refusal = Assert.Throws<InvalidDataException>(() => SurveyResponseStore.Items(row));

        Assert.Contains("b0123", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_no_responses_is_refused()
    {
        var refusal = Assert.Throws<InvalidDataException>(() => SurveyResponseStore.Items(new TableEntity("large-sample|s", "b0123")));

        Assert.Contains("holds no responses", refusal.Message, StringComparison.Ordinal);
    }

    private static TableEntity BatchRow(string json) => new("large-sample|wellbeing-pulse", "b0123") { ["R0"] = json };

    private static SurveyResponse Response(string partnerId, SurveyAnswer answer) =>
        new("wellbeing-pulse", partnerId, new DateOnly(2026, 10, 5), new Dictionary<string, SurveyAnswer> { ["one-change"] = answer });
}
