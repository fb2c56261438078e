using System.Text.Json.Nodes;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests;

/// <summary>The strategy's <c>returns: { countOnlyAccepted }</c> setting: optional, false by default, kept in the canonical document.</summary>
public class CountOnlyAcceptedTests
{
    [Fact]
    public void It_is_off_unless_the_strategy_says_so_and_then_kept_in_the_canonical_document()
    {
        var plain = MinimalStrategy.Parse(MinimalStrategy.Document()).Strategy!;
        var document = MinimalStrategy.Document();
        document["returns"] = new JsonObject { ["countOnlyAccepted"] = true };

        var strict = MinimalStrategy.Parse(document).Strategy!;

        Assert.False(plain.CountOnlyAccepted);
        Assert.DoesNotContain("countOnlyAccepted", StrategyDocument.ToCanonicalJson(plain), StringComparison.Ordinal);
        Assert.True(strict.CountOnlyAccepted);
        Assert.True(StrategyDocument.Parse(StrategyDocument.ToCanonicalJson(strict), StrategyFormat.Json).Strategy!.CountOnlyAccepted);
    }

    [Theory]
    [InlineData("\"yes\"", "returns.countOnlyAccepted")]
    [InlineData("true, \"acceptedOnly\": true", "returns.acceptedOnly")]
    public void A_wrong_value_or_an_unknown_setting_is_named(string value, string path)
    {
        var document = JsonNode.Parse(MinimalStrategy.Json.TrimEnd().TrimEnd('}') + $", \"returns\": {{ \"countOnlyAccepted\": {value} }} }}")!.AsObject();

        Assert.Equal(path, Assert.Single(MinimalStrategy.Parse(document).Problems).Path);
    }
}
