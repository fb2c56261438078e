using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace StrategyReports.Benchmarks;

/// <summary>
/// The baseline: the same Table REST requests made with a bare <see cref="HttpClient"/>, no pipeline, no
/// retries, no logging. It signs nothing itself: every request carries an account SAS the SDK issued
/// (<see cref="Azure.Data.Tables.TableServiceClient.GenerateSasUri(Azure.Data.Tables.Sas.TableAccountSasPermissions, Azure.Data.Tables.Sas.TableAccountSasResourceTypes, DateTimeOffset)"/>),
/// and a transaction's body is the one the SDK built for the same entities (<see cref="TransactionBodies"/>).
/// </summary>
internal sealed class RawTableHttp(Uri accountSasUri) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler());
    private readonly string _endpoint = accountSasUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    private readonly string _sas = accountSasUri.Query.TrimStart('?');

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

    /// <summary>Posts a transaction body as it was built, and checks no action in it failed.</summary>
    public async Task InsertBatchAsync(TransactionBody batch)
    {
        using var request = Request(HttpMethod.Post, "/$batch");
        request.Content = new ByteArrayContent(batch.Body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(batch.ContentType);
        using var response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.Accepted);
        var answer = await response.Content.ReadAsStringAsync();
        if (answer.Contains("HTTP/1.1 4", StringComparison.Ordinal) || answer.Contains("HTTP/1.1 5", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A raw batch failed: " + answer);
        }
    }

    /// <summary>Reads every entity an OData filter selects with the given properties, page by page, parsing each page as the client would.</summary>
    public async Task<int> ScanAsync(string table, string filter, IEnumerable<string> select)
    {
        var count = 0;
        string? nextPartitionKey = null;
        string? nextRowKey = null;
        do
        {
            var query = "$filter=" + Uri.EscapeDataString(filter) + "&$select=" + Uri.EscapeDataString(string.Join(',', select));
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
        var request = new HttpRequestMessage(method, new Uri($"{_endpoint}{path}?{(query is null ? string.Empty : query + "&")}{_sas}"));
        request.Headers.Add("x-ms-version", "2019-02-02");
        request.Headers.Add("DataServiceVersion", "3.0");
        request.Headers.Add("Accept", "application/json;odata=minimalmetadata");
        request.Headers.Add("Prefer", "return-no-content");
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
            throw new InvalidOperationException($"Raw request {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}.");
        }
    }
}
