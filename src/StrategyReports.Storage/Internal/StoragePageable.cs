using System.Runtime.CompilerServices;
using Azure;

namespace StrategyReports.Storage.Internal;

/// <summary>An <see cref="AsyncPageable{T}"/> over a page sequence that starts at a continuation token.</summary>
internal sealed class StoragePageable<T>(
    Func<string?, int?, CancellationToken, IAsyncEnumerable<Page<T>>> pages,
    CancellationToken cancellationToken) : AsyncPageable<T>(cancellationToken)
    where T : notnull
{
    public override IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null) =>
        pages(continuationToken, pageSizeHint, CancellationToken);

    /// <summary>Pages fetched one after another, each only when the consumer asks for it.</summary>
    public static StoragePageable<T> OnePageAtATime(Func<string?, int?, CancellationToken, Task<Page<T>>> fetchPage, CancellationToken cancellationToken) =>
        new((token, pageSizeHint, ct) => SequentialAsync(fetchPage, token, pageSizeHint, ct), cancellationToken);

    private static async IAsyncEnumerable<Page<T>> SequentialAsync(
        Func<string?, int?, CancellationToken, Task<Page<T>>> fetchPage,
        string? continuationToken,
        int? pageSizeHint,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = continuationToken;
        do
        {
            // A page may be empty and still carry a continuation, so only the token decides when to stop.
            var page = await fetchPage(token, pageSizeHint, cancellationToken).ConfigureAwait(false);
            yield return page;
            token = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(token));
    }
}

/// <summary>A response whose value may be absent, as the "if exists" calls return.</summary>
internal sealed class StorageNullableResponse<T>(T? value, Response response) : NullableResponse<T>
{
    public override bool HasValue => value is not null;

    public override T? Value => value;

    public override Response GetRawResponse() => response;
}
