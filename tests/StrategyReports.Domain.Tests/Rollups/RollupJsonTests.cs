using System.Text.Json;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.TestSupport;

namespace StrategyReports.Domain.Tests.Rollups;

public class RollupJsonTests
{
    [Fact]
    public void The_same_inputs_in_any_order_give_byte_identical_json()
    {
        var inputs = Testshire.Inputs();
        var shuffled = new RollupInputs([.. inputs.Returns.Reverse()], [.. inputs.SurveyResponses.Reverse()]);

        var first = RollupJson.Serialize(RollupCalculator.Compute(Testshire.Strategy, 2, Testshire.Q2, inputs));
        var second = RollupJson.Serialize(RollupCalculator.Compute(Testshire.Strategy, 2, Testshire.Q2, shuffled));

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_rollup_survives_a_round_trip_byte_for_byte()
    {
        var json = RollupJson.Serialize(RollupCalculator.Compute(Testshire.Strategy, 2, Testshire.Q2, Testshire.Inputs()));

        var back = RollupJson.Deserialize(json);

        Assert.Equal(json, RollupJson.Serialize(back));
        Assert.Equal(4.7205m, back.Programmes[0].Measures[0].Value);
        Assert.Equal(Testshire.Q2, back.Period);
        Assert.Equal(6, back.Programmes[0].StaffVoice[0].Results.Overall.Scores!.ResponseCount);
    }

    [Fact]
    public void Periods_are_ids_enums_are_kebab_case_names_and_decimals_have_at_most_four_places()
    {
        var json = RollupJson.Serialize(RollupCalculator.Compute(Testshire.Strategy, 2, Testshire.Q2, Testshire.Inputs()));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var sickness = root.GetProperty("programmes")[0].GetProperty("measures")[0];

        Assert.Equal("2025-26-Q2", root.GetProperty("period").GetString());
        Assert.Equal("worst-of-measures", root.GetProperty("programmes")[0].GetProperty("overallRagRule").GetString());
        Assert.Equal("green", sickness.GetProperty("rag").GetString());
        Assert.Equal("ratio", sickness.GetProperty("kind").GetString());
        Assert.Equal("lower-is-better", sickness.GetProperty("direction").GetString());
        Assert.Equal("4.7205", sickness.GetProperty("value").GetRawText());
        Assert.Equal("5", sickness.GetProperty("target").GetRawText());
        Assert.Equal("2025-26-Q1", sickness.GetProperty("trend")[0].GetProperty("period").GetString());
        Assert.Equal(JsonValueKind.Null, sickness.GetProperty("gap").ValueKind);
        Assert.Equal(
            ["partnershipId", "partnershipName", "period", "strategyVersion", "inputFingerprint", "completeness", "programmes", "assuranceGroups", "returnsUsed", "containsSampleData"],
            root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Enums_have_the_names_strategy_documents_give_them()
    {
        var rollup = RollupCalculator.Compute(Testshire.Strategy, 2, Testshire.Q2, Testshire.Inputs());
        using var document = JsonDocument.Parse(RollupJson.Serialize(rollup));
        var programmes = document.RootElement.GetProperty("programmes");

        foreach (var (programme, written) in rollup.Programmes.Zip(programmes.EnumerateArray()))
        {
            Assert.Equal(programme.OverallRagRule.ToName(), written.GetProperty("overallRagRule").GetString());
            foreach (var (measure, measureWritten) in programme.Measures.Zip(written.GetProperty("measures").EnumerateArray()))
            {
                Assert.Equal((measure.Kind.ToName(), measure.Direction.ToName()), (measureWritten.GetProperty("kind").GetString(), measureWritten.GetProperty("direction").GetString()));
            }
        }

        Assert.Contains(rollup.Programmes.SelectMany(p => p.Measures), m => m.Kind == MeasureKind.YesNo);
    }

    [Fact]
    public void A_rollup_stored_with_the_enums_own_names_still_reads()
    {
        var rollup = RollupCalculator.Compute(Testshire.Strategy, 2, Testshire.Q2, Testshire.Inputs());
        var json = RollupJson.Serialize(rollup);
        var earlier = EarlierLayouts.RollupWithEnumNames(json);
        Assert.Contains("\"direction\":\"LowerIsBetter\"", earlier, StringComparison.Ordinal);
        Assert.Contains("\"overallRagRule\":\"WorstOfMeasures\"", earlier, StringComparison.Ordinal);
        Assert.Contains("\"partnerBasis\":\"SelfDeclared\"", earlier, StringComparison.Ordinal);

        var read = RollupJson.Deserialize(earlier);

        Assert.Equal(json, RollupJson.Serialize(read));
    }

    [Fact]
    public void Decimals_are_rounded_to_four_places_with_trailing_zeros_dropped()
    {
        var rollup = RollupCalculator.Compute(Testshire.Strategy, 2, Testshire.Q2, Testshire.Inputs());
        var measure = rollup.Programmes[0].Measures[0] with { Value = 1.23456789m, Target = 5.5000m, Gap = -0.00001m };
        var changed = rollup with { Programmes = [rollup.Programmes[0] with { Measures = [measure] }] };

        using var document = JsonDocument.Parse(RollupJson.Serialize(changed));
        var written = document.RootElement.GetProperty("programmes")[0].GetProperty("measures")[0];

        Assert.Equal("1.2346", written.GetProperty("value").GetRawText());
        Assert.Equal("5.5", written.GetProperty("target").GetRawText());
        Assert.Equal("0", written.GetProperty("gap").GetRawText());
    }

    [Fact]
    public void Text_that_is_not_a_rollup_is_a_json_error()
    {
        Assert.ThrowsAny<JsonException>(() => RollupJson.Deserialize("null"));
        Assert.ThrowsAny<JsonException>(() => RollupJson.Deserialize("{\"period\": \"Q5\"}"));
    }
}
