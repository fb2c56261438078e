using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests.Returns;

/// <summary>One example per rule a return is checked against, each asserting the exact field it names.</summary>
public class ReturnValidatorTests
{
    private static readonly Strategy Strategy = MinimalStrategy.Parse(MinimalStrategy.Document()).Strategy!;
    private static readonly Partner Trust = Strategy.FindPartner("trust")!;
    private static readonly Partner Practice = Strategy.FindPartner("practice")!;

    [Fact]
    public void A_complete_return_is_accepted_with_every_value_of_its_kind()
    {
        var check = Check("""
            {"values": {"leaders-trained": 12, "sickness": {"numerator": 30, "denominator": 600}, "edi-strategy": true, "agency-spend": 1250.50},
             "narrative": {"achievements": "  Launched the hub  ", "nextSteps": "Recruit", "risks": ""}, "submittedBy": "Sam Jones"}
            """);

        Assert.True(check.IsValid);
        Assert.Empty(check.Warnings);
        var submission = check.Submission!;
        Assert.Equal(new CountValue(12), submission.Values["leaders-trained"]);
        Assert.Equal(new RatioValue(30, 600), submission.Values["sickness"]);
        Assert.Equal(new YesNoValue(true), submission.Values["edi-strategy"]);
        Assert.Equal(new AmountValue(1250.50m), submission.Values["agency-spend"]);
        Assert.Equal(new ReturnNarrative("Launched the hub", "Recruit", null), submission.Narrative);
        Assert.Equal("Sam Jones", submission.SubmittedBy);
    }

    [Theory]
    [InlineData("""{"values": {"leaders-trained": 2.5}}""", "values.leaders-trained", "whole number")]
    [InlineData("""{"values": {"leaders-trained": -1}}""", "values.leaders-trained", "negative")]
    [InlineData("""{"values": {"leaders-trained": "12"}}""", "values.leaders-trained", "must be a number")]
    [InlineData("""{"values": {"leaders-trained": "NaN"}}""", "values.leaders-trained", "must be a number")]
    [InlineData("""{"values": {"leaders-trained": true}}""", "values.leaders-trained", "must be a number")]
    [InlineData("""{"values": {"leaders-trained": 1e400}}""", "values.leaders-trained", "no more than")]
    [InlineData("""{"values": {"leaders-trained": 1000000000001}}""", "values.leaders-trained", "no more than")]
    [InlineData("""{"values": {"agency-spend": -0.01}}""", "values.agency-spend", "negative")]
    [InlineData("""{"values": {"agency-spend": [1]}}""", "values.agency-spend", "must be a number")]
    [InlineData("""{"values": {"edi-strategy": "yes"}}""", "values.edi-strategy", "yes or no")]
    [InlineData("""{"values": {"edi-strategy": 1}}""", "values.edi-strategy", "yes or no")]
    [InlineData("""{"values": {"sickness": 5}}""", "values.sickness", "two figures")]
    [InlineData("""{"values": {"sickness": {"numerator": 5}}}""", "values.sickness.denominator", "Enter days available")]
    [InlineData("""{"values": {"sickness": {"denominator": 5}}}""", "values.sickness.numerator", "Enter days lost")]
    [InlineData("""{"values": {"sickness": {"numerator": 5, "denominator": 0}}}""", "values.sickness.denominator", "more than 0")]
    [InlineData("""{"values": {"sickness": {"numerator": 5, "denominator": -10}}}""", "values.sickness.denominator", "negative")]
    [InlineData("""{"values": {"sickness": {"numerator": 700, "denominator": 600}}}""", "values.sickness.numerator", "cannot be more than")]
    [InlineData("""{"values": {"sickness": {"numerator": "x", "denominator": 600}}}""", "values.sickness.numerator", "must be a number")]
    [InlineData("""{"values": {"sickness": {"numerator": 1, "denominator": 600, "rate": 2}}}""", "values.sickness.rate", "not part of a ratio")]
    [InlineData("""{"values": {"no-such-measure": 1}}""", "values.no-such-measure", "not a success measure")]
    [InlineData("""{"values": {"wellbeing-score": 50}}""", "values.wellbeing-score", "pulse surveys")]
    [InlineData("""{"values": {"arrs-vacancies": 3}}""", "values.arrs-vacancies", "does not apply")]
    [InlineData("""{"values": [1, 2]}""", "values", "object")]
    [InlineData("""{"narrative": "text"}""", "narrative", "object")]
    [InlineData("""{"narrative": {"achievements": 5}}""", "narrative.achievements", "must be text")]
    [InlineData("""{"narrative": {"summary": "x"}}""", "narrative.summary", "not part of the narrative")]
    [InlineData("""{"narrative": {"risks": "a\u0000b"}}""", "narrative.risks", "control characters")]
    [InlineData("""{"submittedBy": 7}""", "submittedBy", "must be text")]
    [InlineData("""{"values": {}, "extra": 1}""", "extra", "not part of a return")]
    [InlineData("""[1]""", "body", "JSON object")]
    [InlineData("""{"values": """, "body", "not valid JSON")]
    [InlineData("""{"values": {"leaders-trained": NaN}}""", "body", "not valid JSON")]
    [InlineData("""{"values": {"leaders-trained": 1, "leaders-trained": 2}}""", "body", "not valid JSON")]
    [InlineData("""{"values": {"sickness": {"numerator": 1, "numerator": 2, "denominator": 5}}}""", "body", "not valid JSON")]
    public void Each_bad_field_is_refused_by_its_path(string json, string field, string message)
    {
        var check = Check(json);

        Assert.False(check.IsValid);
        Assert.Null(check.Submission);
        var error = Assert.Single(check.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var check = Check("""{"values": {"leaders-trained": -1, "edi-strategy": "y", "sickness": {"numerator": 2, "denominator": 0}}, "narrative": {"risks": 1}}""");

        Assert.Equal(
            ["values.leaders-trained", "values.edi-strategy", "values.sickness.denominator", "narrative.risks"],
            check.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Narrative_length_is_limited_counting_each_line_break_once()
    {
        var atLimit = new string('a', ReturnValidator.NarrativeMaxLength - 2) + "\r\nb";
        var over = new string('a', ReturnValidator.NarrativeMaxLength + 1);

        Assert.True(Check(Body(achievements: atLimit)).IsValid);
        var error = Assert.Single(Check(Body(achievements: over)).Errors);
        Assert.Equal("narrative.achievements", error.Field);
        Assert.Contains("4,000 characters or fewer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_allowed_magnitude_is_accepted()
    {
        Assert.True(Check("""{"values": {"leaders-trained": 1000000000000, "agency-spend": 1000000000000}}""").IsValid);
    }

    [Fact]
    public void A_whole_number_written_with_a_decimal_point_is_a_count()
    {
        Assert.Equal(new CountValue(12), Check("""{"values": {"leaders-trained": 12.0}}""").Submission!.Values["leaders-trained"]);
    }

    [Fact]
    public void A_numerator_equal_to_its_denominator_is_allowed_for_a_proportion()
    {
        Assert.True(Check("""{"values": {"sickness": {"numerator": 600, "denominator": 600}}}""").IsValid);
    }

    [Fact]
    public void Null_values_and_an_empty_body_are_measures_left_blank_with_a_warning_each()
    {
        var check = Check("""{"values": {"leaders-trained": null}}""");

        Assert.True(check.IsValid);
        Assert.Empty(check.Submission!.Values);
        Assert.Equal(
            ["values.leaders-trained", "values.sickness", "values.edi-strategy", "values.agency-spend"],
            check.Warnings.Select(w => w.Field));
        Assert.All(check.Warnings, w => Assert.Equal(ReturnValidator.LeftBlank, w.Code));
    }

    [Fact]
    public void Only_the_partners_own_measures_are_expected()
    {
        var check = ReturnValidator.Check("""{"values": {"arrs-vacancies": 3}}""", Strategy, Practice, null);

        Assert.True(check.IsValid);
        Assert.DoesNotContain(check.Warnings, w => w.Field == "values.agency-spend");
        Assert.Contains(check.Warnings, w => w.Field == "values.leaders-trained");
    }

    [Theory]
    [InlineData(10, 15, false)]
    [InlineData(10, 16, true)]
    [InlineData(10, 4, true)]
    [InlineData(10, 5, false)]
    [InlineData(0, 100, false)]
    public void A_value_more_than_half_away_from_last_quarter_is_a_warning(long before, long now, bool warned)
    {
        var previous = Previous(new Dictionary<string, MeasureValue> { ["leaders-trained"] = new CountValue(before) });

        var check = ReturnValidator.Check("""{"values": {"leaders-trained": """ + now + "}}", Strategy, Trust, previous);

        Assert.True(check.IsValid);
        Assert.Equal(warned, check.Warnings.Any(w => w is { Field: "values.leaders-trained", Code: ReturnValidator.FarFromLastQuarterCode }));
    }

    [Fact]
    public void Ratios_are_compared_as_rates_not_as_their_figures()
    {
        // Twice the days on twice the staff is the same rate: no warning. The same days on half the staff is double: a warning.
        var previous = Previous(new Dictionary<string, MeasureValue> { ["sickness"] = new RatioValue(30, 600) });

        var sameRate = ReturnValidator.Check("""{"values": {"sickness": {"numerator": 60, "denominator": 1200}}}""", Strategy, Trust, previous);
        var doubled = ReturnValidator.Check("""{"values": {"sickness": {"numerator": 30, "denominator": 300}}}""", Strategy, Trust, previous);

        Assert.DoesNotContain(sameRate.Warnings, w => w.Code == ReturnValidator.FarFromLastQuarterCode);
        var warning = Assert.Single(doubled.Warnings, w => w.Code == ReturnValidator.FarFromLastQuarterCode);
        Assert.Contains("100% away from last quarter's 30 / 600", warning.Message, StringComparison.Ordinal);
    }

    private static ReturnCheck Check(string json) => ReturnValidator.Check(json, Strategy, Trust, null);

    private static string Body(string achievements) =>
        new System.Text.Json.Nodes.JsonObject { ["narrative"] = new System.Text.Json.Nodes.JsonObject { ["achievements"] = achievements } }.ToJsonString();

    private static QuarterlyReturn Previous(IReadOnlyDictionary<string, MeasureValue> values) =>
        new("sample", Period.Parse("2025-26-Q1"), "trust", 1, 1, values, ReturnNarrative.Empty, "someone", DateTimeOffset.UnixEpoch, false);
}
