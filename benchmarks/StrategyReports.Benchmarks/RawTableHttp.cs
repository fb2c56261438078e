using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StrategyReports.Benchmarks;

/// <summary>
/// The baseline: the same Table REST requests made with a bare <see cref="HttpClient"/> and hand-written
/// SharedKeyLite signing, no pipeline, no retries, no logging.
/// </summary>
internal sealed class RawTableHttp(Uri endpoint, string accountName, string accountKey) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler());
    private readonly byte[] _key = Convert.FromBase64String(accountKey);
    private readonly string _endpoint = endpoint.AbsoluteUri.TrimEnd('/');

    public void Dispose() => _http.Dispose();

    public async Task CreateTableAsync(string table)
    {
        using var request = Request(HttpMethod.Post, "/Tables");
        request.Content = Json(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = table }));
        using var response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.NoContent, HttpStatusCode.Created);
    }

    public async Task InsertAsync(string table, byte[] entityJson)
    {
        using var request = Request(HttpMethod.Post, "/" + table);
        request.Content = Json(entityJson);
        using var response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.NoContent);
    }

    public async Task InsertBatchAsync(string table, IEnumerable<byte[]> entities)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder()
            .Append("--").Append(batch).Append("\r\nContent-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");
        foreach (var entity in entities)
        {
            body.Append("--").Append(changeset).Append("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append("POST ").Append(_endpoint).Append('/').Append(table).Append(" HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n")
                .Append("Content-Type: application/json\r\nPrefer: return-no-content\r\n\r\n")
                .Append(Encoding.UTF8.GetString(entity)).Append("\r\n");
        }

        body.Append("--").Append(changeset).Append("--\r\n--").Append(batch).Append("--\r\n");
        using var request = Request(HttpMethod.Post, "/$batch");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString()));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=" + batch);
        using var response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.Accepted);
        var answer = await response.Content.ReadAsStringAsync();
        if (answer.Contains("HTTP/1.1 4", StringComparison.Ordinal) || answer.Contains("HTTP/1.1 5", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A raw batch failed: " + answer);
        }
    }

    /// <summary>Reads every entity of a partition, page by page, parsing each page as the client would.</summary>
    public async Task<int> ScanAsync(string table, string partitionKey)
    {
        var count = 0;
        string? nextPartitionKey = null;
        string? nextRowKey = null;
        do
        {
            var query = "$filter=" + Uri.EscapeDataString($"PartitionKey eq '{partitionKey}'");
            if (nextPartitionKey is not null)
            {
                query += "&NextPartitionKey=" + Uri.EscapeDataString(nextPartitionKey);
                if (nextRowKey is not null)
                {
                    query += "&NextRowKey=" + Uri.EscapeDataString(nextRowKey);
                }
            }

            using var request = Request(HttpMethod.Get, $"/{table}()", query);
            using var response = await _http.SendAsync(request);
            Expect(response, HttpStatusCode.OK);
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            count += document.RootElement.GetProperty("value").GetArrayLength();
            nextPartitionKey = response.Headers.TryGetValues("x-ms-continuation-NextPartitionKey", out var pk) ? pk.First() : null;
            nextRowKey = response.Headers.TryGetValues("x-ms-continuation-NextRowKey", out var rk) ? rk.First() : null;
        }
        while (nextPartitionKey is not null);

        return count;
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? query = null)
    {
        var uri = new Uri(_endpoint + path + (query is null ? string.Empty : "?" + query));
        var request = new HttpRequestMessage(method, uri);
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{date}\n/{accountName}{uri.AbsolutePath}")));
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-version", "2019-02-02");
        request.Headers.Add("DataServiceVersion", "3.0");
        request.Headers.Add("Accept", "application/json;odata=minimalmetadata");
        request.Headers.Add("Prefer", "return-no-content");
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKeyLite {accountName}:{signature}");
        return request;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static void Expect(HttpResponseMessage response, params HttpStatusCode[] statuses)
    {
        if (!statuses.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"Raw request {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}.");
        }
    }
}
