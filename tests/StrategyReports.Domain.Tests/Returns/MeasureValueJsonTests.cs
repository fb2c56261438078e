using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests.Returns;

public class MeasureValueJsonTests
{
    private static readonly Dictionary<string, MeasureKind> Kinds = new()
    {
        ["vacancies"] = MeasureKind.Count,
        ["spend"] = MeasureKind.Amount,
        ["sickness"] = MeasureKind.Ratio,
        ["edi"] = MeasureKind.YesNo,
    };

    [Fact]
    public void Values_are_written_in_the_put_bodys_shapes_in_a_fixed_order_and_read_back()
    {
        var values = new Dictionary<string, MeasureValue>
        {
            ["vacancies"] = new CountValue(12),
            ["spend"] = new AmountValue(1250.5m),
            ["sickness"] = new RatioValue(30, 600),
            ["edi"] = new YesNoValue(true),
        };

        var json = MeasureValueJson.Write(values);
        var read = MeasureValueJson.Read(json, id => Kinds[id]);

        Assert.Equal("""{"edi":true,"sickness":{"numerator":30,"denominator":600},"spend":1250.5,"vacancies":12}""", json);
        Assert.Equal(values.OrderBy(p => p.Key), read.OrderBy(p => p.Key));
    }

    [Fact]
    public void An_unknown_measure_is_read_by_its_shape()
    {
        var read = MeasureValueJson.Read("""{"a":3,"b":2.5,"c":false,"d":{"numerator":1,"denominator":4}}""", _ => null);

        Assert.Equal(new CountValue(3), read["a"]);
        Assert.Equal(new AmountValue(2.5m), read["b"]);
        Assert.Equal(new YesNoValue(false), read["c"]);
        Assert.Equal(new RatioValue(1, 4), read["d"]);
    }

    [Theory]
    [InlineData("""{"vacancies": 2.5}""")]
    [InlineData("""{"edi": 1}""")]
    [InlineData("""{"sickness": 3}""")]
    [InlineData("""{"sickness": {"numerator": 1}}""")]
    [InlineData("""{"spend": "12"}""")]
    [InlineData("""[1]""")]
    [InlineData("""not json""")]
    [InlineData("""{"vacancies": 1, "vacancies": 2}""")]
    public void Stored_values_that_do_not_fit_their_kind_are_invalid_data(string json)
    {
        Assert.Throws<InvalidDataException>(() => MeasureValueJson.Read(json, id => Kinds.TryGetValue(id, out var kind) ? kind : null));
    }

    [Fact]
    public void Survey_measures_are_never_read_as_submitted_values()
    {
        Assert.Throws<InvalidDataException>(() => MeasureValueJson.Read("""{"x": 5}""", _ => MeasureKind.Survey));
    }

    [Fact]
    public void Changes_name_each_value_and_narrative_box_that_moved()
    {
        var previous = new QuarterlyReturn(
            "p", Period.Parse("2025-26-Q1"), "x", 1, 1,
            new Dictionary<string, MeasureValue> { ["vacancies"] = new CountValue(3), ["spend"] = new AmountValue(10m), ["edi"] = new YesNoValue(false) },
            new ReturnNarrative("a", null, "r"), "s", DateTimeOffset.UnixEpoch, false);
        var current = new ReturnSubmission(
            new Dictionary<string, MeasureValue> { ["vacancies"] = new CountValue(5), ["spend"] = new AmountValue(10m), ["sickness"] = new RatioValue(1, 2) },
            new ReturnNarrative("a", "n", "r"), null);

        var changes = ReturnChanges.ToJson(ReturnChanges.Between(previous, current));

        Assert.Equal(
            """[{"field":"values.edi","from":false,"to":null},{"field":"values.sickness","from":null,"to":{"numerator":1,"denominator":2}},{"field":"values.vacancies","from":3,"to":5},{"field":"narrative.nextSteps"}]""",
            changes);
        Assert.Empty(ReturnChanges.Between(previous, new ReturnSubmission(previous.Values, previous.Narrative, "other")));
    }
}
