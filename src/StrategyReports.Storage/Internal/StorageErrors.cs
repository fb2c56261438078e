using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;

namespace StrategyReports.Storage.Internal;

/// <summary>
/// Reads the storage services' error shapes: the Table service's OData JSON, the Blob service's XML,
/// and the <c>x-ms-error-code</c> header that both send (and the only source on HEAD requests).
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public static StorageErrorParser Shared { get; } = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        string? message = null;
        try
        {
            var content = response.Content;
            if (content.ToMemory().Length > 0)
            {
                var text = content.ToString().TrimStart();
                if (text.StartsWith('{'))
                {
                    (code, message) = ReadJson(content, code);
                }
                else if (text.StartsWith('<'))
                {
                    (code, message) = ReadXml(text, code);
                }
            }
        }
        catch (Exception e) when (e is JsonException or XmlException or InvalidOperationException)
        {
            // A body we cannot read still leaves the status and header code to report.
        }

        error = code is null && message is null ? null : new ResponseError(code, message);
        return error is not null;
    }

    private static (string? Code, string? Message) ReadJson(BinaryData content, string? code)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (!root.TryGetProperty("odata.error", out var error) && !root.TryGetProperty("error", out error))
        {
            return (code, null);
        }

        code ??= error.TryGetProperty("code", out var c) ? c.GetString() : null;
        string? message = null;
        if (error.TryGetProperty("message", out var m))
        {
            message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString();
        }

        return (code, message);
    }

    private static (string? Code, string? Message) ReadXml(string text, string? code)
    {
        var document = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
        {
            document.Load(reader);
        }

        code ??= document.DocumentElement?["Code"]?.InnerText;
        return (code, document.DocumentElement?["Message"]?.InnerText);
    }
}

/// <summary>Turns failed responses into the most specific exception the caller can act on.</summary>
internal static class StorageErrors
{
    public static RequestFailedException CreateException(Response response)
    {
        StorageErrorParser.Shared.TryParse(response, out var error, out _);
        return (response.Status, error?.Code) switch
        {
            (409, "EntityAlreadyExists") or (412, "UpdateConditionNotSatisfied") => new EntityConflictException(response),
            (409, "LeaseAlreadyPresent") => new BlobLeaseAlreadyPresentException(response),
            (409, "BlobAlreadyExists") => new BlobAlreadyExistsException(response),
            _ => new RequestFailedException(response, null, StorageErrorParser.Shared),
        };
    }

}
