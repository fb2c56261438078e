using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using StrategyReports.Storage.Internal;

namespace StrategyReports.Storage.Tables;

/// <summary>One table: entity CRUD, queries that page through continuations, and entity group transactions.</summary>
public partial class TableClient
{
    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod Merge = RequestMethod.Patch;

    private readonly StoragePipeline _pipeline;

    /// <summary>For mocking.</summary>
    protected TableClient()
    {
        _pipeline = null!;
        Name = string.Empty;
    }

    internal TableClient(StoragePipeline pipeline, string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableName().IsMatch(tableName))
        {
            throw new ArgumentException($"'{tableName}' is not a valid table name: use 3 to 63 letters and digits, starting with a letter.", nameof(tableName));
        }

        _pipeline = pipeline;
        Name = tableName;
    }

    public virtual string Name { get; }

    public virtual string AccountName => _pipeline.AccountName;

    /// <summary>Creates the table unless it exists; the value says whether this call created it.</summary>
    public virtual async Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "/Tables");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        var response = await _pipeline.SendAsync(message, cancellationToken, 409).ConfigureAwait(false);
        return Response.FromValue(response.Status != 409, response);
    }

    /// <summary>Deletes the table and every entity in it; the value says whether it existed.</summary>
    public virtual async Task<Response<bool>> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"/Tables('{Name}')");
        var response = await _pipeline.SendAsync(message, cancellationToken, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    /// <summary>Inserts a new entity.</summary>
    /// <exception cref="EntityConflictException">An entity with the same keys exists (409).</exception>
    /// <exception cref="ArgumentException">The entity breaks a Table service limit; nothing was sent.</exception>
    public virtual async Task<Response> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        TableLimits.Validate(entity);
        using var message = CreateMessage(RequestMethod.Post, "/" + Name);
        SetEntityContent(message.Request, entity);
        return await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts the entity or writes over the existing one, merging or replacing its properties.</summary>
    public virtual async Task<Response> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        TableLimits.Validate(entity);
        using var message = CreateMessage(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityPath(entity.PartitionKey, entity.RowKey));
        SetEntityContent(message.Request, entity);
        return await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Updates an existing entity only if it still has the ETag <paramref name="ifMatch"/> (<see cref="ETag.All"/>: any version).</summary>
    /// <exception cref="EntityConflictException">The entity changed since it was read (412).</exception>
    /// <exception cref="RequestFailedException">The entity does not exist (404).</exception>
    public virtual async Task<Response> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        if (ifMatch == default)
        {
            throw new ArgumentException("An update needs the ETag the entity was read with, or ETag.All to update whatever version is stored.", nameof(ifMatch));
        }

        TableLimits.Validate(entity);
        using var message = CreateMessage(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityPath(entity.PartitionKey, entity.RowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch.ToString());
        SetEntityContent(message.Request, entity);
        return await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes an entity, only if it still has <paramref name="ifMatch"/> when one is given. Deleting an
    /// entity that is already gone succeeds, so retries are safe.
    /// </summary>
    /// <exception cref="EntityConflictException">The entity changed since it was read (412).</exception>
    public virtual async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateKey(partitionKey, nameof(partitionKey));
        TableLimits.ValidateKey(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Delete, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch == default ? "*" : ifMatch.ToString());
        return await _pipeline.SendAsync(message, cancellationToken, 404).ConfigureAwait(false);
    }

    /// <summary>Reads one entity.</summary>
    /// <exception cref="RequestFailedException">No such entity (404, ErrorCode ResourceNotFound).</exception>
    public virtual async Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var (entity, response) = await GetEntityCoreAsync(partitionKey, rowKey, select, throwIfMissing: true, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(entity!, response);
    }

    /// <summary>Reads one entity; <see cref="NullableResponse{T}.HasValue"/> is false when there is none.</summary>
    public virtual async Task<NullableResponse<TableEntity>> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var (entity, response) = await GetEntityCoreAsync(partitionKey, rowKey, select, throwIfMissing: false, cancellationToken).ConfigureAwait(false);
        return new StorageNullableResponse<TableEntity>(entity, response);
    }

    /// <summary>
    /// Queries the table. Pages follow the service's continuation headers, including empty pages that
    /// still continue; <paramref name="maxPerPage"/> caps each page (the service's own cap is 1,000).
    /// </summary>
    /// <param name="filter">An OData filter; build it with <see cref="TableFilter.Create"/> so values are escaped.</param>
    /// <param name="select">Property names to return; null for all.</param>
    /// <param name="maxPerPage">Entities per page (the <c>$top</c> of each request).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public virtual AsyncPageable<TableEntity> QueryAsync(string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        if (maxPerPage is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxPerPage));
        }

        var selectList = select is null ? null : string.Join(',', select);
        return new StoragePageable<TableEntity>(
            (token, pageSizeHint, ct) => QueryPagesAsync(filter, selectList, pageSizeHint ?? maxPerPage, token, ct),
            cancellationToken);
    }

    /// <summary>
    /// Submits an entity group transaction: up to 100 actions on one partition, applied all or nothing.
    /// </summary>
    /// <returns>The status and new ETag of each action, in order.</returns>
    /// <exception cref="ArgumentException">The actions break a transaction rule or an entity limit; nothing was sent.</exception>
    /// <exception cref="TableTransactionFailedException">The service refused an action; nothing was written.</exception>
    public virtual async Task<Response<IReadOnlyList<TableTransactionResult>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions.ToList();
        var batch = TableTransactionContent.Create(_pipeline.EndpointBase, Name, list);
        using var message = CreateMessage(RequestMethod.Post, "/$batch");
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Body);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(TableTransactionContent.ReadResults(response, list.Count), response);
    }

    internal static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"/{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    private string EntityPath(string partitionKey, string rowKey) => EntityPath(Name, partitionKey, rowKey);

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage(method, path);
        message.Request.Headers.SetValue("Accept", JsonAccept);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        return message;
    }

    private static void SetEntityContent(Request request, TableEntity entity)
    {
        request.Headers.SetValue("Content-Type", "application/json");
        request.Headers.SetValue("Prefer", "return-no-content");
        request.Content = RequestContent.Create(TableEntityJson.ToJson(entity));
    }

    private async Task<(TableEntity? Entity, Response Response)> GetEntityCoreAsync(string partitionKey, string rowKey, IEnumerable<string>? select, bool throwIfMissing, CancellationToken cancellationToken)
    {
        TableLimits.ValidateKey(partitionKey, nameof(partitionKey));
        TableLimits.ValidateKey(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Get, EntityPath(partitionKey, rowKey));
        if (select is not null)
        {
            message.Request.Uri.AppendQuery("$select", string.Join(',', select));
        }

        var response = throwIfMissing
            ? await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false)
            : await _pipeline.SendAsync(message, cancellationToken, 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return (null, response);
        }

        var entity = TableEntityJson.Read(response.Content.ToMemory().Span);
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return (entity, response);
    }

    // Reads one page ahead: the next page is requested as soon as this page's continuation headers arrive,
    // so the service prepares it while this page is parsed and consumed. A consumer that stops early
    // costs one cancelled request.
    private async IAsyncEnumerable<Page<TableEntity>> QueryPagesAsync(string? filter, string? select, int? top, string? continuation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var readAhead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = SendQueryAsync(filter, select, top, continuation, readAhead.Token);
        try
        {
            while (pending is not null)
            {
                var (response, content, next) = await pending.ConfigureAwait(false);
                pending = next is null ? null : SendQueryAsync(filter, select, top, next, readAhead.Token);
                yield return Page<TableEntity>.FromValues(TableEntityJson.ReadPage(content.ToMemory().Span), next, response);
            }
        }
        finally
        {
            if (pending is not null)
            {
                await readAhead.CancelAsync().ConfigureAwait(false);
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or RequestFailedException)
                {
                    // The page nobody asked for was abandoned; its outcome does not matter.
                }
            }
        }
    }

    private async Task<(Response Response, BinaryData Content, string? Continuation)> SendQueryAsync(string? filter, string? select, int? top, string? continuation, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, $"/{Name}()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }

        if (!string.IsNullOrEmpty(select))
        {
            uri.AppendQuery("$select", select);
        }

        if (top is { } pageSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, nameof(top));
            uri.AppendQuery("$top", Math.Min(pageSize, 1000).ToString(CultureInfo.InvariantCulture));
        }

        if (continuation is not null)
        {
            var (nextPartitionKey, nextRowKey) = SplitContinuation(continuation);
            uri.AppendQuery("NextPartitionKey", nextPartitionKey);
            if (nextRowKey.Length > 0)
            {
                uri.AppendQuery("NextRowKey", nextRowKey);
            }
        }

        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPk);
        response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRk);

        // The buffered body outlives the message: BinaryData keeps the buffer, not the stream.
        return (response, response.Content, string.IsNullOrEmpty(nextPk) ? null : $"{nextPk} {nextRk}");
    }

    // The service's continuation values are opaque tokens without spaces, so a space separates them.
    private static (string PartitionKey, string RowKey) SplitContinuation(string token)
    {
        var space = token.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (token, string.Empty) : (token[..space], token[(space + 1)..]);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}

/// <summary>The outcome of one action of a committed transaction.</summary>
public sealed record TableTransactionResult(int Status, ETag ETag);
