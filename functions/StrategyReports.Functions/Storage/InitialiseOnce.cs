using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace StrategyReports.Functions.Storage;

/// <summary>
/// An async initialisation, such as creating a store's tables and containers, run on first use and
/// then never again. Concurrent first callers share one run; a run that fails is not remembered, so
/// the next caller tries again rather than the store staying broken after a storage blip.
/// </summary>
public sealed class InitialiseOnce(Func<CancellationToken, Task> initialise)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>Creates a store's table and blob container on first use.</summary>
    public static InitialiseOnce Creating(TableClient table, BlobContainerClient container) =>
        new(async cancellationToken =>
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        });

    public Task EnsureAsync(CancellationToken cancellationToken = default) => _done ? Task.CompletedTask : RunAsync(cancellationToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await initialise(cancellationToken);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
