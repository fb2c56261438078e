using Azure;
using StrategyReports.Storage.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public class TableEntityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string, object> PropertyValues => new()
    {
        { "string", "Bury Council adult social care — O'Neill & Partners 🏥" },
        { "empty string", string.Empty },
        { "bool", true },
        { "int32", int.MinValue },
        { "int64", long.MaxValue },
        { "whole double", 2.0 },
        { "fractional double", 0.1 },
        { "large double", 1.5e300 },
        { "date", new DateTimeOffset(2025, 6, 30, 23, 59, 59, TimeSpan.FromHours(1)).AddTicks(1234567) },
        { "guid", Guid.Parse("5b1d3c0e-8a4f-4e55-9f3e-2f1b8c7d6a90") },
        { "binary", new byte[] { 0, 1, 2, 254, 255 } },
    };

    [Theory]
    [MemberData(nameof(PropertyValues))]
    public async Task Every_property_type_round_trips_through_insert_get_and_query(string kind, object value)
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("bury", kind) { ["Value"] = value });

        var got = (await table.GetEntityAsync("bury", kind)).Value;
        var queried = await table.QueryAsync(TableFilter.Create($"RowKey eq {kind}")).SingleAsync();

        foreach (var entity in new[] { got, queried })
        {
            AssertSameValue(value, entity);
            Assert.NotEqual(default, entity.ETag);
            Assert.NotNull(entity.Timestamp);
        }
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_and_non_ascii_characters_address_the_right_entity()
    {
        var table = await TestClients.NewTableAsync(azurite);
        const string partner = "St Ann's Hospice (Salford) – 100% café";
        await table.AddEntityAsync(new TableEntity(partner, "2025-26-Q1") { ["Vacancies"] = 4 });

        var got = (await table.GetEntityAsync(partner, "2025-26-Q1")).Value;
        await table.DeleteEntityAsync(partner, "2025-26-Q1");

        Assert.Equal(4, got.GetInt32("Vacancies"));
        Assert.False((await table.GetEntityIfExistsAsync(partner, "2025-26-Q1")).HasValue);
    }

    [Fact]
    public async Task Merge_upsert_keeps_unmentioned_properties_and_replace_drops_them()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Vacancies"] = 3, ["Narrative"] = "On track" });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Vacancies"] = 5 }, TableUpdateMode.Merge);
        var merged = (await table.GetEntityAsync("p", "r")).Value;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Vacancies"] = 7 }, TableUpdateMode.Replace);
        var replaced = (await table.GetEntityAsync("p", "r")).Value;

        Assert.Equal(5, merged.GetInt32("Vacancies"));
        Assert.Equal("On track", merged.GetString("Narrative"));
        Assert.Equal(7, replaced.GetInt32("Vacancies"));
        Assert.False(replaced.ContainsKey("Narrative"));
    }

    [Fact]
    public async Task An_update_with_a_stale_ETag_is_a_typed_conflict_and_changes_nothing()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Version"] = 1 });
        var first = (await table.GetEntityAsync("p", "r")).Value;
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Version"] = 2 }, first.ETag);

        var conflict = await Assert.ThrowsAsync<EntityConflictException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Version"] = 99 }, first.ETag, TableUpdateMode.Replace));
        var deleteConflict = await Assert.ThrowsAsync<EntityConflictException>(() => table.DeleteEntityAsync("p", "r", first.ETag));

        Assert.Equal(412, conflict.Status);
        Assert.Equal("UpdateConditionNotSatisfied", conflict.ErrorCode);
        Assert.Equal(412, deleteConflict.Status);
        Assert.Equal(2, (await table.GetEntityAsync("p", "r")).Value.GetInt32("Version"));
    }

    [Fact]
    public async Task An_update_with_the_current_ETag_succeeds_and_returns_the_new_one()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Version"] = 1 });
        var current = (await table.GetEntityAsync("p", "r")).Value;

        var response = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Version"] = 2 }, current.ETag, TableUpdateMode.Replace);

        Assert.NotEqual(current.ETag, response.Headers.ETag);
        Assert.Equal(response.Headers.ETag, (await table.GetEntityAsync("p", "r")).Value.ETag);
    }

    [Fact]
    public async Task Adding_an_existing_entity_is_a_typed_conflict()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var conflict = await Assert.ThrowsAsync<EntityConflictException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, conflict.Status);
        Assert.Equal("EntityAlreadyExists", conflict.ErrorCode);
    }

    [Fact]
    public async Task A_missing_entity_is_a_404_from_get_and_absent_from_get_if_exists()
    {
        var table = await TestClients.NewTableAsync(azurite);

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "nobody"));
        var maybe = await table.GetEntityIfExistsAsync("p", "nobody");

        Assert.Equal(404, missing.Status);
        Assert.Equal("ResourceNotFound", missing.ErrorCode);
        Assert.False(maybe.HasValue);
        Assert.Equal(404, maybe.GetRawResponse().Status);
    }

    [Fact]
    public async Task Deleting_is_idempotent_and_update_of_a_missing_entity_is_404()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r"));

        await table.DeleteEntityAsync("p", "r");
        var again = await table.DeleteEntityAsync("p", "r");
        var update = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), ETag.All));

        Assert.Equal(404, again.Status);
        Assert.Equal(404, update.Status);
    }

    [Fact]
    public async Task Creating_an_existing_table_reports_it_was_not_created()
    {
        var service = TestClients.Tables(azurite);
        var table = service.GetTableClient("Returns" + Guid.NewGuid().ToString("N")[..8]);

        Assert.True((await table.CreateIfNotExistsAsync()).Value);
        Assert.False((await table.CreateIfNotExistsAsync()).Value);
        Assert.True((await table.DeleteAsync()).Value);
        Assert.Equal(200, (await service.GetPropertiesAsync()).Status);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1returns")]
    [InlineData("returns-q1")]
    public void Invalid_table_names_are_refused_before_any_request(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TestClients.Tables(azurite).GetTableClient(name));

        Assert.Contains("not a valid table name", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameValue(object expected, TableEntity entity)
    {
        switch (expected)
        {
            case string s:
                Assert.Equal(s, entity.GetString("Value"));
                break;
            case bool b:
                Assert.Equal(b, entity.GetBoolean("Value"));
                break;
            case int i:
                Assert.Equal(i, entity.GetInt32("Value"));
                break;
            case long l:
                Assert.Equal(l, entity.GetInt64("Value"));
                break;
            case double d:
                Assert.Equal(d, entity.GetDouble("Value"));
                Assert.IsType<double>(entity["Value"]);
                break;
            case DateTimeOffset d:
                Assert.Equal(d.UtcDateTime, entity.GetDateTimeOffset("Value")!.Value.UtcDateTime);
                break;
            case Guid g:
                Assert.Equal(g, entity.GetGuid("Value"));
                break;
            case byte[] bytes:
                Assert.Equal(bytes, entity.GetBinary("Value"));
                break;
            default:
                Assert.Fail($"No assertion for {expected.GetType()}");
                break;
        }
    }
}
