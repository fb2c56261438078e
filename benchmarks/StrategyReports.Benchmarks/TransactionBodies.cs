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
internal sealed class TransactionBodies
{
    private readonly TableClient _table;

    public TransactionBodies(string connectionString, string tableName)
    {
        var options = new TableClientOptions();
        options.AddPolicy(new CapturePolicy(), HttpPipelinePosition.PerCall);
        _table = new TableClient(connectionString, tableName, options);
    }

    public async Task<TransactionBody> BuildAsync(IEnumerable<TableTransactionAction> actions)
    {
        try
        {
            await _table.SubmitTransactionAsync(actions);
        }
        catch (CapturedException captured)
        {
            return captured.Body;
        }

        throw new InvalidOperationException("The transaction was sent instead of captured.");
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
