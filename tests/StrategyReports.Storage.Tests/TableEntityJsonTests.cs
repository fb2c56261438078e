using System.Text;
using StrategyReports.Storage.Tables;

namespace StrategyReports.Storage.Tests;

public class TableEntityJsonTests
{
    [Fact]
    public void An_annotation_after_its_value_still_types_the_value()
    {
        const string json = """
            {"PartitionKey":"p","RowKey":"r","Big":"9007199254740993","Big@odata.type":"Edm.Int64",
             "When":"2025-04-01T00:00:00Z","When@odata.type":"Edm.DateTime","Ratio":2,"Ratio@odata.type":"Edm.Double"}
            """;

        var entity = TableEntityJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(9_007_199_254_740_993L, entity["Big"]);
        Assert.Equal(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), entity["When"]);
        Assert.Equal(2.0, entity["Ratio"]);
    }

    [Fact]
    public void Unannotated_numbers_are_Int32_when_whole_and_Double_otherwise()
    {
        var entity = TableEntityJson.Read("""{"PartitionKey":"p","RowKey":"r","A":7,"B":7.0,"C":1e3,"D":3000000000}"""u8);

        Assert.IsType<int>(entity["A"]);
        Assert.IsType<double>(entity["B"]);
        Assert.IsType<double>(entity["C"]);
        Assert.IsType<double>(entity["D"]);
    }

    [Fact]
    public void Rows_of_different_shapes_on_one_page_keep_their_own_properties()
    {
        const string page = """
            {"value":[
              {"PartitionKey":"p","RowKey":"1","Partner":"Bury","Count":1},
              {"PartitionKey":"p","RowKey":"2","Count":2,"Partner":"Leeds","Extra@odata.type":"Edm.Int64","Extra":"5"},
              {"PartitionKey":"p","RowKey":"3","Partner":"Wakefield"}
            ]}
            """;

        var rows = TableEntityJson.ReadPage(Encoding.UTF8.GetBytes(page));

        Assert.Equal(["Partner", "Count"], rows[0].Keys);
        Assert.Equal("Leeds", rows[1].GetString("Partner"));
        Assert.Equal(5L, rows[1].GetInt64("Extra"));
        Assert.Equal(["Partner"], rows[2].Keys);
    }

    [Fact]
    public void Reading_a_property_as_the_wrong_type_names_both_types()
    {
        var entity = new TableEntity("p", "r") { ["Vacancies"] = "twelve" };

        var error = Assert.Throws<InvalidOperationException>(() => entity.GetInt32("Vacancies"));

        Assert.Contains("holds a String, not a Int32", error.Message, StringComparison.Ordinal);
        Assert.Null(entity.GetInt32("Missing"));
    }
}
