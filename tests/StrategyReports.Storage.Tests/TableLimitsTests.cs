using StrategyReports.Storage.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public class TableLimitsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string, TableEntity> BrokenLimits => new()
    {
        { "U+002F", new TableEntity("bury/council", "r") },
        { "U+005C", new TableEntity("p", "a\\b") },
        { "U+0023", new TableEntity("p", "#1") },
        { "U+003F", new TableEntity("who?", "r") },
        { "U+0009", new TableEntity("p", "tab\there") },
        { "U+007F", new TableEntity("p", "del\u007F") },
        { "U+0085", new TableEntity("p", "nel\u0085") },
        { "at most 512", new TableEntity(new string('k', 513), "r") },
        { "at most 512", new TableEntity("p", new string('k', 513)) },
        { "at most 252", WithProperties(253, _ => 1) },
        { "at most 32768", WithProperties(1, _ => new string('s', 32_769)) },
        { "at most 65536", WithProperties(1, _ => new byte[65_537]) },
        { "1 MiB", WithProperties(20, _ => new string('s', 32_000)) },
        { "is a Decimal", WithProperties(1, _ => 1.5m) },
        { "from 1601", WithProperties(1, _ => new DateTimeOffset(1600, 12, 31, 0, 0, 0, TimeSpan.Zero)) },
        { "reserved", new TableEntity("p", "r") { ["Timestamp"] = "now" } },
    };

    [Theory]
    [MemberData(nameof(BrokenLimits))]
    public async Task Every_limit_is_refused_with_a_clear_message_and_nothing_sent(string expected, TableEntity entity)
    {
        var table = await TestClients.NewTableAsync(azurite);
        using var counter = new CountingHandler();
        var counted = TestClients.Tables(azurite, counter).GetTableClient(table.Name);

        var add = await Assert.ThrowsAsync<ArgumentException>(() => counted.AddEntityAsync(entity));
        var upsert = await Assert.ThrowsAsync<ArgumentException>(() => counted.UpsertEntityAsync(entity));
        var batch = await Assert.ThrowsAsync<ArgumentException>(() => counted.SubmitTransactionAsync([new(TableTransactionActionType.UpsertMerge, entity)]));

        Assert.All(new[] { add, upsert, batch }, e => Assert.Contains(expected, e.Message.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public async Task Entities_right_at_the_limits_are_accepted_by_the_service()
    {
        var table = await TestClients.NewTableAsync(azurite);
        var atLimits = WithProperties(TableLimits.MaxCustomProperties, i => i == 0 ? new string('s', TableLimits.MaxStringLength) : i);
        atLimits.PartitionKey = new string('p', TableLimits.MaxKeyLength);
        atLimits.RowKey = "r";

        await table.AddEntityAsync(atLimits);
        var got = (await table.GetEntityAsync(atLimits.PartitionKey, "r")).Value;

        Assert.Equal(TableLimits.MaxCustomProperties, got.Count);
        Assert.Equal(TableLimits.MaxStringLength, got.GetString("P000")!.Length);
    }

    private static TableEntity WithProperties(int count, Func<int, object> value)
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < count; i++)
        {
            entity[$"P{i:D3}"] = value(i);
        }

        return entity;
    }
}
