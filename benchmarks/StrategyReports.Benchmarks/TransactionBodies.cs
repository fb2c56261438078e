using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace StrategyReports.Benchmarks;

/// <summary>A transaction's request body and content type, as the SDK builds them.</summary>
internal sealed record TransactionBody(byte[] Body, string ContentType);

/// <summary>
/// Has the SDK build the transaction requests the bare client sends, so the baseline sends the same bytes
/// without this repository composing a batch itself: a policy takes each request before it leaves the
/// pipeline and stops it there, so nothing reaches storage.
/// </summary>
internal static class TransactionBodies
{
    public static async Task<IReadOnlyList<TransactionBody>> BuildAsync(string connectionString, string tableName, IEnumerable<IEnumerable<TableTransactionAction>> batches)
    {
        var capture = new CapturePolicy();
        var options = new TableClientOptions();
        options.AddPolicy(capture, HttpPipelinePosition.PerCall);
        var table = new TableClient(connectionString, tableName, options);
        var bodies = new List<TransactionBody>();
        foreach (var batch in batches)
        {
            try
            {
                await table.SubmitTransactionAsync(batch);
                throw new InvalidOperationException("The transaction was sent instead of captured.");
            }
            catch (CapturedException captured)
            {
                bodies.Add(captured.Body);
            }
        }

        return bodies;
    }

    private sealed class CapturedException(TransactionBody body) : Exception("Captured, not sent.")
    {
        public TransactionBody Body { get; } = body;
    }

    private sealed class CapturePolicy : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw Capture(message, CancellationToken.None).GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw await Capture(message, message.CancellationToken);

        private static async Task<CapturedException> Capture(HttpMessage message, CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            await message.Request.Content!.WriteToAsync(body, cancellationToken);
            message.Request.Headers.TryGetValue("Content-Type", out var contentType);
            return new CapturedException(new TransactionBody(body.ToArray(), contentType ?? throw new InvalidOperationException("The transaction has no content type.")));
        }
    }
}
