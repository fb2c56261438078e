using Azure.Data.Tables;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Tests.Storage;

public class TableLimitsTests
{
    [Theory]
    [InlineData("bury/council")]
    [InlineData("bury\\council")]
    [InlineData("bury#council")]
    [InlineData("bury?council")]
    [InlineData("bury\u0001council")]
    [InlineData("bury\u007Fcouncil")]
    [InlineData("bury\u0085council")]
    public void A_key_with_a_character_storage_forbids_is_refused(string key)
    {
        Assert.NotNull(TableLimits.KeyProblem(key));
        var entity = new TableEntity("bury", key) { ["Name"] = "x" };
        Assert.Equal(nameof(TableEntity.RowKey), TableLimits.Problem(entity)!.Value.Property);
        Assert.Equal(nameof(TableEntity.PartitionKey), TableLimits.Problem(new TableEntity(key, "row"))!.Value.Property);
    }

    [Fact]
    public void Keys_in_the_apps_layouts_are_accepted()
    {
        Assert.Null(TableLimits.KeyProblem("bury|2026-27-Q2"));
        Assert.Null(TableLimits.KeyProblem("version|bury-council|000001"));
        Assert.Null(TableLimits.KeyProblem(""));
        Assert.Null(TableLimits.KeyProblem(new string('k', TableLimits.MaxKeyLength)));
        Assert.NotNull(TableLimits.KeyProblem(new string('k', TableLimits.MaxKeyLength + 1)));
    }

    [Fact]
    public void A_text_property_over_64_KiB_is_refused_naming_it()
    {
        var fits = new TableEntity("p", "r") { ["Values"] = new string('v', TableLimits.MaxStringLength) };
        Assert.Null(TableLimits.Problem(fits));

        fits["Values"] = new string('v', TableLimits.MaxStringLength + 1);
        Assert.Equal("Values", TableLimits.Problem(fits)!.Value.Property);
    }

    [Fact]
    public void More_than_252_properties_is_refused()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < TableLimits.MaxCustomProperties; i++)
        {
            entity[$"P{i}"] = i;
        }

        Assert.Null(TableLimits.Problem(entity));
        entity["OneMore"] = true;
        Assert.Equal(TableLimits.EntityField, TableLimits.Problem(entity)!.Value.Property);
    }

    [Fact]
    public void An_entity_over_1_MiB_is_refused_though_each_property_fits()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 15; i++)
        {
            entity[$"Text{i}"] = new string('t', TableLimits.MaxStringLength);
        }

        Assert.Null(TableLimits.Problem(entity));
        entity["Text15"] = new string('t', TableLimits.MaxStringLength);
        Assert.Equal(TableLimits.EntityField, TableLimits.Problem(entity)!.Value.Property);
    }

    [Fact]
    public void Values_storage_cannot_hold_are_refused()
    {
        Assert.Equal("Old", TableLimits.Problem(new TableEntity("p", "r") { ["Old"] = new DateTimeOffset(1600, 12, 31, 0, 0, 0, TimeSpan.Zero) })!.Value.Property);
        Assert.Equal("Blob", TableLimits.Problem(new TableEntity("p", "r") { ["Blob"] = new byte[TableLimits.MaxBinaryLength + 1] })!.Value.Property);
        Assert.Equal("Money", TableLimits.Problem(new TableEntity("p", "r") { ["Money"] = 1.5m })!.Value.Property);
        Assert.Null(TableLimits.Problem(new TableEntity("p", "r") { ["At"] = DateTimeOffset.UnixEpoch, ["Big"] = long.MaxValue, ["Ratio"] = 0.5, ["Id"] = Guid.NewGuid(), ["Bytes"] = new byte[16] }));
    }

    [Fact]
    public void Require_is_a_422_naming_the_request_field_the_property_came_from()
    {
        var entity = new TableEntity("bury|2026-27-Q2", "latest|council") { ["Values"] = new string('v', TableLimits.MaxStringLength + 1) };

        var refused = Assert.Throws<ValidationFailedException>(() => TableLimits.Require(entity, new Dictionary<string, string> { ["Values"] = "values" }));

        Assert.Equal("values", Assert.Single(refused.Errors).Key);
        Assert.Equal("Values", Assert.Single(Assert.Throws<ValidationFailedException>(() => TableLimits.Require(entity)).Errors).Key);
    }
}
