using System.Net;
using System.Text;
using StrategyReports.Storage.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public class TableQueryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_query_over_more_than_1000_entities_follows_the_continuation_to_the_end()
    {
        var table = await TestClients.NewTableAsync(azurite);
        const int count = 1_203;
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("wakefield", i.ToString("D5")) { ["Index"] = i })));
        }

        var pages = await table.QueryAsync().AsPages().ToListAsync();
        var smallPages = await table.QueryAsync(maxPerPage: 500).AsPages().ToListAsync();

        Assert.True(pages.Count >= 2, $"expected the service's 1,000-row cap to split the result, got {pages.Count} page(s)");
        Assert.All(pages, p => Assert.True(p.Values.Count <= 1_000));
        var rows = pages.SelectMany(p => p.Values).Select(e => e.GetInt32("Index")!.Value).ToList();
        Assert.Equal(Enumerable.Range(0, count), rows);
        Assert.Equal([500, 500, 203], smallPages.Select(p => p.Values.Count));
    }

    [Fact]
    public async Task A_consumer_that_stops_early_abandons_the_page_read_ahead_quietly()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.SubmitTransactionAsync(Enumerable.Range(0, 30).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", i.ToString("D2")))));
        using var counter = new CountingHandler();
        var counted = TestClients.Tables(azurite, counter).GetTableClient(table.Name);

        var first = await counted.QueryAsync(maxPerPage: 10).FirstAsync();
        var allPages = await counted.QueryAsync(maxPerPage: 10).AsPages().CountAsync();

        Assert.Equal("00", first.RowKey);
        Assert.InRange(counter.Count, 4, 5); // 1 or 2 for the early stop (the read-ahead may be cancelled before sending), 3 for all pages
        Assert.Equal(3, allPages);
    }

    [Fact]
    public async Task A_quote_in_a_partner_name_cannot_change_the_query()
    {
        var table = await TestClients.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("returns", "1") { ["Partner"] = "O'Brien Care Homes" });
        await table.AddEntityAsync(new TableEntity("returns", "2") { ["Partner"] = "Bury Hospice" });
        const string injection = "x' or Partner ne 'x";

        var exact = await table.QueryAsync(TableFilter.Create($"Partner eq {"O'Brien Care Homes"}")).ToListAsync();
        var injected = await table.QueryAsync(TableFilter.Create($"Partner eq {injection}")).ToListAsync();

        Assert.Equal("1", Assert.Single(exact).RowKey);
        Assert.Empty(injected);
    }

    [Fact]
    public async Task Filters_compare_typed_values_and_select_trims_properties()
    {
        var table = await TestClients.NewTableAsync(azurite);
        var due = new DateTimeOffset(2025, 7, 31, 0, 0, 0, TimeSpan.Zero);
        var rows = new[]
        {
            new TableEntity("q1", "a") { ["Spend"] = 1_500_000_000_000L, ["Submitted"] = due.AddDays(-1), ["Late"] = false, ["Rate"] = 0.5 },
            new TableEntity("q1", "b") { ["Spend"] = 10L, ["Submitted"] = due.AddDays(3), ["Late"] = true, ["Rate"] = 2.0 },
        };
        foreach (var row in rows)
        {
            await table.AddEntityAsync(row);
        }

        var big = await table.QueryAsync(TableFilter.Create($"Spend gt {1_000_000_000_000L}")).ToListAsync();
        var late = await table.QueryAsync(TableFilter.Create($"Submitted gt {due} and Late eq {true} and Rate ge {2.0}")).ToListAsync();
        var selected = await table.QueryAsync(select: ["Late"]).ToListAsync();

        Assert.Equal("a", Assert.Single(big).RowKey);
        Assert.Equal("b", Assert.Single(late).RowKey);
        Assert.All(selected, e => Assert.Equal(["Late"], e.Keys));
    }

    [Theory]
    [InlineData("O'Brien", "'O''Brien'")]
    [InlineData(42, "42")]
    [InlineData(42L, "42L")]
    [InlineData(2.0, "2.0")]
    [InlineData(true, "true")]
    public void Literals_are_OData_literals(object value, string expected) =>
        Assert.Equal(expected, TableFilter.Literal(value));

    [Fact]
    public void Dates_guids_and_binary_have_their_typed_literals()
    {
        var filter = TableFilter.Create(
            $"D eq {new DateTimeOffset(2025, 4, 1, 1, 0, 0, TimeSpan.FromHours(1))} and G eq {Guid.Empty} and B eq {new byte[] { 0xAB, 0x01 }}");

        Assert.Equal("D eq datetime'2025-04-01T00:00:00.0000000Z' and G eq guid'00000000-0000-0000-0000-000000000000' and B eq X'ab01'", filter);
    }

    [Fact]
    public void A_null_value_has_no_literal() =>
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Partner eq {(string?)null}"));

    [Fact]
    public async Task An_empty_page_that_still_continues_is_followed()
    {
        var service = new ScriptedTableService();
        var table = new TableServiceClient(new Uri("http://127.0.0.1:1/devstoreaccount1"), new StorageSharedKeyCredential("devstoreaccount1", AzuriteFixture.AccountKey),
            TestClients.WithTransport(new TableClientOptions(), service)).GetTableClient("returns");

        var pages = await table.QueryAsync().AsPages().ToListAsync();

        Assert.Equal([0, 1], pages.Select(p => p.Values.Count));
        Assert.Equal("row1", pages[1].Values[0].RowKey);
        Assert.Contains("NextPartitionKey=1%21pk", service.Requests[1], StringComparison.Ordinal);
        Assert.Contains("NextRowKey=1%21rk", service.Requests[1], StringComparison.Ordinal);
    }

    /// <summary>A Table service that answers an empty first page with a continuation, then the data.</summary>
    private sealed class ScriptedTableService : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.Query);
            var first = Requests.Count == 1;
            var body = first ? """{"value":[]}""" : """{"value":[{"PartitionKey":"pk","RowKey":"row1"}]}""";
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (first)
            {
                response.Headers.Add("x-ms-continuation-NextPartitionKey", "1!pk");
                response.Headers.Add("x-ms-continuation-NextRowKey", "1!rk");
            }

            return Task.FromResult(response);
        }
    }
}
