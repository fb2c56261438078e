using Azure;
using StrategyReports.Storage.Internal;

namespace StrategyReports.Storage;

/// <summary>
/// An entity write lost a race: it already exists (409 on insert) or changed since it was read
/// (412 when the <c>If-Match</c> ETag no longer matches). Re-read and decide again.
/// </summary>
public class EntityConflictException : RequestFailedException
{
    public EntityConflictException(Response response)
        : base(response, null, StorageErrorParser.Shared)
    {
    }
}

/// <summary>A blob lease could not be acquired because another holder has it (409 LeaseAlreadyPresent).</summary>
public class BlobLeaseAlreadyPresentException : RequestFailedException
{
    public BlobLeaseAlreadyPresentException(Response response)
        : base(response, null, StorageErrorParser.Shared)
    {
    }
}

/// <summary>An upload that must not overwrite found the blob already there (409 BlobAlreadyExists).</summary>
public class BlobAlreadyExistsException : RequestFailedException
{
    public BlobAlreadyExistsException(Response response)
        : base(response, null, StorageErrorParser.Shared)
    {
    }
}

/// <summary>
/// The storage endpoint could not be reached at all (refused, reset or timed out) after every retry;
/// <see cref="RequestFailedException.Status"/> is 0 and <see cref="Exception.InnerException"/> holds the last failure.
/// </summary>
public class StorageUnreachableException : RequestFailedException
{
    public const string UnreachableErrorCode = "StorageUnreachable";

    public StorageUnreachableException(Uri endpoint, int attempts, Exception innerException)
        : base(0, Describe(endpoint, attempts, innerException), UnreachableErrorCode, innerException)
    {
        Endpoint = endpoint;
        Attempts = attempts;
    }

    public Uri Endpoint { get; }

    public int Attempts { get; }

    private static string Describe(Uri endpoint, int attempts, Exception innerException)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(innerException);
        var cause = innerException.InnerException?.Message ?? innerException.Message;
        return $"Storage at {endpoint.GetLeftPart(UriPartial.Authority)} could not be reached after {attempts} attempt(s): {cause} " +
               "Check the endpoint in the connection string and that the service (or Azurite) is running.";
    }
}

/// <summary>
/// An entity group transaction was refused by the service; nothing in it was written.
/// <see cref="FailedTransactionActionIndex"/> names the action the service blamed, when it said.
/// </summary>
public class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex)
        : base(status, message, errorCode, null)
    {
        FailedTransactionActionIndex = failedTransactionActionIndex;
    }

    public int? FailedTransactionActionIndex { get; }
}
