using Azure;

namespace StrategyReports.Storage.Internal;

/// <summary>An <see cref="AsyncPageable{T}"/> that fetches one page per continuation token, lazily.</summary>
internal sealed class StoragePageable<T>(
    Func<string?, int?, CancellationToken, Task<Page<T>>> fetchPage,
    CancellationToken cancellationToken) : AsyncPageable<T>(cancellationToken)
    where T : notnull
{
    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        var token = continuationToken;
        do
        {
            // A page may be empty and still carry a continuation, so only the token decides when to stop.
            var page = await fetchPage(token, pageSizeHint, CancellationToken).ConfigureAwait(false);
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
