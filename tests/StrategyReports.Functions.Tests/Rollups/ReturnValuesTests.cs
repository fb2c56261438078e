using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Rollups;

namespace StrategyReports.Functions.Tests.Rollups;

/// <summary>The private reader of the agreed <c>Values</c> JSON, until the returns work's <c>MeasureValueJson</c> replaces it.</summary>
public class ReturnValuesTests
{
    private static readonly Dictionary<string, MeasureKind> Kinds = new()
    {
        ["vacancies"] = MeasureKind.Count,
        ["spend"] = MeasureKind.Amount,
        ["sickness"] = MeasureKind.Ratio,
        ["edi"] = MeasureKind.YesNo,
        ["pulse"] = MeasureKind.Survey,
    };

    [Fact]
    public void Reads_every_shape_by_the_measures_kind()
    {
        var values = StoredRollupInputs.ReturnValues.Read(
            """{"vacancies": 12, "spend": 1234.56, "sickness": {"numerator": 4.5, "denominator": 90}, "edi": true}""", Kinds);

        Assert.Equal(new CountValue(12), values["vacancies"]);
        Assert.Equal(new AmountValue(1234.56m), values["spend"]);
        Assert.Equal(new RatioValue(4.5m, 90m), values["sickness"]);
        Assert.Equal(new YesNoValue(true), values["edi"]);
    }

    [Fact]
    public void Leaves_out_unknown_measures_survey_measures_and_values_of_the_wrong_shape()
    {
        var values = StoredRollupInputs.ReturnValues.Read(
            """{"gone": 3, "pulse": 50, "vacancies": 1.5, "spend": "lots", "sickness": {"numerator": 1}, "edi": 1}""", Kinds);

        Assert.Empty(values);
    }
}
