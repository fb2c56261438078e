using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Moq;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>Grouped staging writes, with storage faults injected at the table client.</summary>
public sealed class SurveyStagingTests
{
    private const string Partition = "bury|wellbeing-pulse";
    private static readonly ResponseSeal Seal = new("staging-test-secret-of-at-least-32-chars"u8);

    private static byte[] Response(int i) =>
        Seal.Seal(new StagedResponse(StagedResponse.NewId(), new("wellbeing-pulse", "nca", new DateOnly(2025, 10, 15), new Dictionary<string, SurveyAnswer> { ["one-change"] = new TextAnswer($"comment {i}") }), Held: false), Partition);

    [Fact]
    public async Task Responses_queued_behind_busy_writes_go_as_one_row_and_all_fail_together_when_it_fails()
    {
        var release = new TaskCompletionSource();
        var rows = new List<TableEntity>();
        var table = new Mock<TableClient>();
        table.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<Response<TableItem>>());
        table.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
            .Returns(async (TableEntity row, CancellationToken _) =>
            {
                int written;
                lock (rows)
                {
                    rows.Add(row);
                    written = rows.Count;
                }

                if (written > 2)
                {
                    throw new RequestFailedException(503, "Storage is down.");
                }

                await release.Task;
                return Mock.Of<Response>();
            });
        var service = new Mock<TableServiceClient>();
        service.Setup(s => s.GetTableClient(SurveyStaging.TableName)).Returns(table.Object);
        var store = new SurveyStaging(service.Object);

        var first = Enumerable.Range(0, 2).Select(i => store.StageAsync(Partition, Response(i), claimKey: null)).ToList();
        var queued = Enumerable.Range(2, 5).Select(i => store.StageAsync(Partition, Response(i), claimKey: null)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(queued, task => Assert.False(task.IsCompleted));
        release.SetResult();

        Assert.Equal(2, (await Task.WhenAll(first)).Distinct().Count());
        foreach (var task in queued)
        {
            Assert.Equal(503, (await Assert.ThrowsAsync<RequestFailedException>(() => task)).Status);
        }

        var group = Assert.Single(rows.Skip(2));
        var sizes = group.GetString("Sizes")!.Split(',').Select(int.Parse).ToList();
        Assert.Equal(Enumerable.Repeat(ResponseSeal.Buckets[0] + ResponseSeal.Overhead, 5), sizes);
        var bytes = group.GetBinary("S0");
        Assert.Equal(
            Enumerable.Range(2, 5).Select(i => $"comment {i}"),
            Enumerable.Range(0, 5).Select(i => ((TextAnswer)Seal.Open(bytes.AsSpan(i * sizes[0], sizes[0]), Partition).Response.Answers["one-change"]).Text));
        Assert.Null(rows[0].GetString("Sizes"));
    }
    [Fact]
    public async Task A_write_whose_answer_was_lost_and_was_resent_counts_as_stored_and_a_code_used_before_does_not()
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        var table = new Mock<TableClient>();
        table.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<Response<TableItem>>());

        // The storage client's resend after a lost answer: the first attempt's row is there, so the resend is refused.
        table.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
            .Returns((TableEntity row, CancellationToken _) =>
            {
                existing.Add(row.RowKey);
                throw new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null);
            });
        var resent = true;
        table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<TableTransactionAction> actions, CancellationToken _) =>
            {
                if (resent)
                {
                    existing.UnionWith(actions.Select(action => action.Entity.RowKey));
                }

                throw new TableTransactionFailedException(new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null));
            });
        table.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(Partition, It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string rowKey, IEnumerable<string> _, CancellationToken _) => existing.Contains(rowKey)
                ? Azure.Response.FromValue(new TableEntity(Partition, rowKey), Mock.Of<Azure.Response>())
                : Mock.Of<NullableResponse<TableEntity>>(response => response.HasValue == false));
        var service = new Mock<TableServiceClient>();
        service.Setup(s => s.GetTableClient(SurveyStaging.TableName)).Returns(table.Object);
        var store = new SurveyStaging(service.Object);

        Assert.Contains((await store.StageAsync(Partition, Response(1), claimKey: null))?.RowKey ?? "none", existing);
        Assert.Contains((await store.StageAsync(Partition, Response(2), claimKey: "claim-a"))?.RowKey ?? "none", existing);

        // A transaction refused because the code's claim was there before: nothing of this response was stored.
        resent = false;
        Assert.Null(await store.StageAsync(Partition, Response(3), claimKey: "claim-b"));
    }
}
