using System.Security.Cryptography;
using Azure.Data.Tables;
using StrategyReports.Functions.Storage;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Storage;

/// <summary>Text past one property's 64 KiB, stored compressed over several properties of one row in real Table storage.</summary>
public sealed class SplitTextTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_answer_of_several_hundred_kilobytes_is_stored_in_one_row_and_read_back_whole()
    {
        var table = await NewTableAsync();
        // An import answer's shape: a change per partner and measure, with ids that do not repeat.
        var answer = "[" + string.Join(",", Enumerable.Range(0, 8_000).Select(i => $$"""{"partner":"p{{i / 40}}","field":"values.m{{i % 40}}","from":{{i}},"to":{{i + 1}},"id":"{{Guid.NewGuid()}}"}""")) + "]";
        var row = new TableEntity("p", "import|key");
        Assert.True(answer.Length > 10 * TableLimits.MaxStringLength);

        Assert.True(SplitText.TryWrite(row, "Receipt", answer));
        await table.AddEntityAsync(row);
        var read = (await table.GetEntityAsync<TableEntity>("p", "import|key")).Value;

        Assert.True(read.GetBinary("Receipt1") is not null, "the answer should need more than one property");
        Assert.Equal(answer, SplitText.Read(read, "Receipt"));
    }

    [Fact]
    public async Task A_row_written_before_answers_were_split_reads_as_it_always_did()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "import|old") { ["Receipt"] = """{"version":1}""" });

        var read = (await table.GetEntityAsync<TableEntity>("p", "import|old")).Value;

        Assert.Equal("""{"version":1}""", SplitText.Read(read, "Receipt"));
        Assert.Null(SplitText.Read(new TableEntity("p", "none"), "Receipt"));
    }

    [Fact]
    public void Text_that_does_not_fit_even_compressed_leaves_the_row_unchanged()
    {
        var incompressible = Convert.ToBase64String(RandomNumberGenerator.GetBytes(1_500_000));
        var row = new TableEntity("p", "r") { ["RequestHash"] = "abc" };
        var before = row.Keys.ToList();

        Assert.False(SplitText.TryWrite(row, "Receipt", incompressible));
        Assert.Equal(before, row.Keys);
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("split" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        return table;
    }
}
