using StrategyReports.Domain.Failures;

namespace StrategyReports.Functions.Errors;

/// <summary>
/// The one mapping from the domain's refusals to HTTP statuses: the exception handler answers with it, and pages
/// that show a refusal in their own words use it for theirs.
/// </summary>
public static class RefusalStatus
{
    public static int Of(DomainException exception) => exception switch
    {
        NotFoundException => StatusCodes.Status404NotFound,
        ValidationFailedException => StatusCodes.Status422UnprocessableEntity,
        AccessDeniedException => StatusCodes.Status403Forbidden,
        ConflictException => StatusCodes.Status409Conflict,
        PreconditionFailedException { IsRequired: true } => StatusCodes.Status428PreconditionRequired,
        PreconditionFailedException => StatusCodes.Status412PreconditionFailed,
        // A survey that has closed stays closed; a period's returns can be reopened by an admin.
        ClosedException { IsFinal: true } => StatusCodes.Status410Gone,
        ClosedException => StatusCodes.Status423Locked,
        TooLargeException => StatusCodes.Status413PayloadTooLarge,
        NotReadyException => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(exception), exception.GetType().Name, "A kind of refusal without a status."),
    };
}
