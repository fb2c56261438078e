using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;

namespace StrategyReports.Storage.Tables;

/// <summary>
/// The <c>multipart/mixed</c> body of an entity group transaction (one batch holding one changeset),
/// and the reading of the service's per-action answers.
/// </summary>
internal static partial class TableTransactionContent
{
    public static (string ContentType, BinaryData Body) Create(string endpoint, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        Validate(actions);
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");

        // Written straight as UTF-8, entity JSON included, so the body is built once with no string round trips.
        var body = new ArrayBufferWriter<byte>(actions.Count * 768);
        using var json = new Utf8JsonWriter(body);
        Text(body, $"--{batch}\r\nContent-Type: multipart/mixed; boundary={changeset}\r\n\r\n");
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var (method, path, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", "/" + table, true),
                TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpsertMerge => ("MERGE", TableClient.EntityPath(table, entity.PartitionKey, entity.RowKey), true),
                TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpsertReplace => ("PUT", TableClient.EntityPath(table, entity.PartitionKey, entity.RowKey), true),
                TableTransactionActionType.Delete => ("DELETE", TableClient.EntityPath(table, entity.PartitionKey, entity.RowKey), false),
                _ => throw new ArgumentException($"Unknown transaction action type {action.ActionType}.", nameof(actions)),
            };

            Text(body, $"--{changeset}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            Text(body, $"{method} {endpoint}{path} HTTP/1.1\r\nAccept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            if (action.ActionType is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace or TableTransactionActionType.Delete)
            {
                Text(body, $"If-Match: {(action.ETag == default ? "*" : action.ETag.ToString())}\r\n");
            }

            if (hasBody)
            {
                Text(body, "Content-Type: application/json\r\nPrefer: return-no-content\r\n\r\n");
                json.Reset(body);
                TableEntityJson.Write(json, entity);
                json.Flush();
            }

            Text(body, "\r\n");
        }

        Text(body, $"--{changeset}--\r\n--{batch}--\r\n");
        if (body.WrittenCount > TableLimits.MaxTransactionPayload)
        {
            throw new ArgumentException(
                $"The transaction's request body is {body.WrittenCount.ToString("N0", CultureInfo.InvariantCulture)} bytes; the Table service allows at most 4 MiB. Split it into smaller transactions.",
                nameof(actions));
        }

        return ("multipart/mixed; boundary=" + batch, new BinaryData(body.WrittenMemory));
    }

    /// <summary>Reads each action's status and ETag from the answer's parts; throws for the part that failed.</summary>
    public static IReadOnlyList<TableTransactionResult> ReadResults(Response response, int actionCount)
    {
        var text = response.Content.ToString();
        var results = new List<TableTransactionResult>(actionCount);
        var at = 0;
        while ((at = text.IndexOf("HTTP/1.1 ", at, StringComparison.Ordinal)) >= 0)
        {
            var status = int.Parse(text.AsSpan(at + 9, 3), CultureInfo.InvariantCulture);
            var headersStart = text.IndexOf('\n', at) + 1;
            var headersEnd = text.IndexOf("\r\n\r\n", headersStart, StringComparison.Ordinal);
            headersEnd = headersEnd < 0 ? text.Length : headersEnd;
            var headers = text.AsSpan(headersStart, headersEnd - headersStart);
            if (status >= 400)
            {
                var bodyStart = Math.Min(headersEnd + 4, text.Length);
                var bodyEnd = text.IndexOf("\r\n--", bodyStart, StringComparison.Ordinal);
                throw Failure(status, headers.ToString(), text[bodyStart..(bodyEnd < 0 ? text.Length : bodyEnd)], actionCount);
            }

            results.Add(new TableTransactionResult(status, ReadETag(headers)));
            at = headersEnd;
        }

        return results;
    }

    private static ETag ReadETag(ReadOnlySpan<char> headers)
    {
        foreach (var line in headers.EnumerateLines())
        {
            if (line.StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
            {
                return new ETag(line[5..].Trim().ToString());
            }
        }

        return default;
    }

    private static void Text(ArrayBufferWriter<byte> body, string text) => Encoding.UTF8.GetBytes(text, body);

    private static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        if (actions.Count > TableLimits.MaxTransactionActions)
        {
            throw new ArgumentException(
                $"A transaction holds {actions.Count} actions; the Table service allows at most {TableLimits.MaxTransactionActions}. Split it into smaller transactions.",
                nameof(actions));
        }

        var partitionKey = actions[0].Entity?.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i].Entity ?? throw new ArgumentException($"Transaction action {i} has no entity.", nameof(actions));
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Transaction action {i} is for partition '{entity.PartitionKey}' but action 0 is for '{partitionKey}'; a transaction may touch only one partition.",
                    nameof(actions));
            }

            if (!rowKeys.Add(entity.RowKey))
            {
                throw new ArgumentException(
                    $"Transaction action {i} repeats row '{entity.RowKey}'; a transaction may touch each entity only once.",
                    nameof(actions));
            }

            if (actions[i].ActionType == TableTransactionActionType.Delete)
            {
                TableLimits.ValidateKey(entity.PartitionKey, "PartitionKey");
                TableLimits.ValidateKey(entity.RowKey, "RowKey");
            }
            else
            {
                TableLimits.Validate(entity);
            }
        }
    }

    private static TableTransactionFailedException Failure(int status, string headers, string body, int actionCount)
    {
        string? code = null;
        var detail = body.Trim();
        try
        {
            using var document = JsonDocument.Parse(detail);
            if (document.RootElement.TryGetProperty("odata.error", out var error))
            {
                code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                if (error.TryGetProperty("message", out var m))
                {
                    detail = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() ?? detail : m.ToString();
                }
            }
        }
        catch (JsonException)
        {
            // The part's body is not JSON; quote it as it is.
        }

        // The service names the failed action as "index:message" in the message or by Content-ID.
        int? index = null;
        var prefix = FailedIndex().Match(detail);
        if (prefix.Success && int.TryParse(prefix.Groups["index"].ValueSpan, CultureInfo.InvariantCulture, out var i) && i < actionCount)
        {
            index = i;
        }
        else if (ContentId().Match(headers) is { Success: true } id && int.TryParse(id.Groups["id"].ValueSpan, CultureInfo.InvariantCulture, out var contentId) && contentId < actionCount)
        {
            index = contentId;
        }

        var which = index is null ? "An action" : $"Action {index}";
        return new TableTransactionFailedException(
            status,
            $"{which} of the table transaction failed with {status} {code}; nothing in the transaction was written. {detail}",
            code,
            index);
    }

    [GeneratedRegex(@"^(?<index>\d+):")]
    private static partial Regex FailedIndex();

    [GeneratedRegex(@"^Content-ID:\s*(?<id>\d+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ContentId();
}
