using Azure.Core;

namespace StrategyReports.Storage.Internal;

/// <summary>
/// Lets Azure.Core's request logging show the storage headers and query parameters that explain a call.
/// Keys, signatures and SAS tokens stay redacted because they are never on these lists.
/// </summary>
internal static class StorageLogging
{
    private static readonly string[] CommonHeaders = ["x-ms-version", "x-ms-date", "x-ms-error-code", "x-ms-request-id", "x-ms-client-request-id", "ETag", "If-Match", "If-None-Match"];

    public static void Allow(DiagnosticsOptions diagnostics, IEnumerable<string> headers, IEnumerable<string> queryParameters)
    {
        foreach (var header in CommonHeaders.Concat(headers).Where(h => !diagnostics.LoggedHeaderNames.Contains(h)))
        {
            diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (var parameter in queryParameters.Where(p => !diagnostics.LoggedQueryParameters.Contains(p)))
        {
            diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }
}
