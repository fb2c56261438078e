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
    public async Task Responses_queued_behind_busy_writes_go_as_one_transaction_and_all_fail_together_when_it_fails()
    {
        var release = new TaskCompletionSource();
        var singles = 0;
        IReadOnlyList<TableTransactionAction>? transaction = null;
        var table = new Mock<TableClient>();
        table.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Mock.Of<Response<TableItem>>());
        table.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                Interlocked.Increment(ref singles);
                await release.Task;
                return Mock.Of<Response>();
            });
        table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<TableTransactionAction>, CancellationToken>((actions, _) => transaction = [.. actions])
            .ThrowsAsync(new RequestFailedException(503, "Storage is down."));
        var service = new Mock<TableServiceClient>();
        service.Setup(s => s.GetTableClient(SurveyStaging.TableName)).Returns(table.Object);
        var store = new SurveyStaging(service.Object);

        var first = Enumerable.Range(0, 4).Select(i => store.StageAsync(Partition, Response(i), claimKey: null)).ToList();
        var queued = Enumerable.Range(4, 5).Select(i => store.StageAsync(Partition, Response(i), claimKey: null)).ToList();
        Assert.Equal(4, singles);
        Assert.All(queued, task => Assert.False(task.IsCompleted));
        release.SetResult();

        await Task.WhenAll(first);
        foreach (var task in queued)
        {
            Assert.Equal(503, (await Assert.ThrowsAsync<RequestFailedException>(() => task)).Status);
        }

        Assert.NotNull(transaction);
        Assert.Equal(5, transaction.Count);
        Assert.All(transaction, action => Assert.Equal(TableTransactionActionType.Add, action.ActionType));
        Assert.Equal(5, transaction.Select(action => action.Entity.RowKey).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(4, 5).Select(i => $"comment {i}"),
            transaction.Select(action => ((TextAnswer)Seal.Open(((TableEntity)action.Entity).GetBinary("S0"), Partition).Response.Answers["one-change"]).Text));
        Assert.Equal(4, singles);
    }
}
