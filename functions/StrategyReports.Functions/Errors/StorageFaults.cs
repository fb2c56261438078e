using System.Net.Sockets;
using Azure;

namespace StrategyReports.Functions.Errors;

/// <summary>
/// How a storage failure reads to a caller. The SDK retries transient faults itself and, once its
/// retries run out, throws the last one or an <see cref="AggregateException"/> of them all.
/// </summary>
public static class StorageFaults
{
    /// <summary>Seconds a caller is told to wait before trying again when storage is unavailable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Storage did not answer, or answered that it could not serve the request now: worth retrying later.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException e => e.Status is 0 or 408 or 429 or >= 500,
        // Retries that all ran out of time (storage took connections but never answered) end as cancellations.
        AggregateException e => e.InnerExceptions.Count > 0 && e.InnerExceptions.All(inner => inner is OperationCanceledException || IsUnavailable(inner)),
        HttpRequestException or TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    /// <summary>A write lost a race: the row exists already (409) or changed since it was read (412).</summary>
    public static bool IsConflict(Exception exception) => exception is RequestFailedException { Status: 409 or 412 };
}
