using StrategyReports.Storage.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public class TableTransactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_full_transaction_of_100_actions_commits_and_reports_each_ETag()
    {
        var table = await TestClients.NewTableAsync(azurite);

        var results = await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("leeds", $"m{i:D3}") { ["Value"] = i })));

        Assert.Equal(100, results.Value.Count);
        Assert.All(results.Value, r => Assert.Equal(204, r.Status));
        Assert.Equal(100, await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"leeds"}")).CountAsync());
    }

    [Fact]
    public async Task Mixed_actions_apply_together()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "keep") { ["A"] = 1, ["B"] = "b" });
        await table.AddEntityAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = "b" });
        await table.AddEntityAsync(new TableEntity("p", "delete"));
        var replaceETag = (await table.GetEntityAsync("p", "replace")).Value.ETag;

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "keep") { ["A"] = 2 }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["A"] = 3 }, replaceETag),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "new") { ["A"] = 4 }),
        ]);

        var rows = await table.QueryAsync().ToDictionaryAsync(e => e.RowKey);
        Assert.Equal(["keep", "new", "replace"], rows.Keys.Order());
        Assert.Equal("b", rows["keep"].GetString("B"));
        Assert.Equal(2, rows["keep"].GetInt32("A"));
        Assert.False(rows["replace"].ContainsKey("B"));
    }

    [Fact]
    public async Task A_transaction_whose_last_action_fails_writes_nothing()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("bury", "existing") { ["Value"] = 1 });
        var actions = Enumerable.Range(0, 99)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bury", $"new{i:D2}")))
            .Append(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bury", "existing") { ["Value"] = 2 }))
            .ToList();

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(actions));

        Assert.Equal(409, failure.Status);
        Assert.Equal("EntityAlreadyExists", failure.ErrorCode);
        Assert.Equal(99, failure.FailedTransactionActionIndex);
        Assert.Contains("nothing in the transaction was written", failure.Message, StringComparison.Ordinal);
        var rows = await table.QueryAsync().ToListAsync();
        Assert.Equal(1, Assert.Single(rows).GetInt32("Value"));
    }

    public static TheoryData<string, TableTransactionAction[]> BrokenRules => new()
    {
        { "at least one action", [] },
        { "at most 100", Enumerable.Range(0, 101).Select(i => Add("p", $"r{i}")).ToArray() },
        { "only one partition", [Add("bury", "a"), Add("wakefield", "b")] },
        { "each entity only once", [Add("p", "a"), Add("p", "a")] },
        { "may not contain", [Add("p", "a"), Add("p", "b/c")] },
        { "4 MiB", Enumerable.Range(0, 100).Select(i => Add("p", $"r{i}", new string('x', 30_000))).ToArray() },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Broken_transaction_rules_are_refused_with_a_clear_message_before_sending(string expected, TableTransactionAction[] actions)
    {
        var table = await TestClients.NewTableAsync(azurite);
        using var counter = new CountingHandler();
        var counted = TestClients.Tables(azurite, counter).GetTableClient(table.Name);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => counted.SubmitTransactionAsync(actions));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    private static TableTransactionAction Add(string partitionKey, string rowKey, string? text = null)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        if (text is not null)
        {
            entity["A"] = text;
            entity["B"] = text;
        }

        return new TableTransactionAction(TableTransactionActionType.Add, entity);
    }
}
