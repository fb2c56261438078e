namespace StrategyReports.Functions.Errors;

/// <summary>
/// An error the caller can act on, answered as RFC 9457 problem details with its status. Thrown by
/// handlers and domain adapters; <see cref="ProblemExceptionHandler"/> is the one place that writes it.
/// </summary>
public class ProblemException(int status, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    /// <summary>Field errors keyed by the field's path, e.g. <c>values.vacancies</c>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>Extra members for the problem document (e.g. the current ETag).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    public static ProblemException NotFound(string what, string id) =>
        new(StatusCodes.Status404NotFound, $"Unknown {what}", $"There is no {what} '{id}'.");

    public static ProblemException Validation(IReadOnlyDictionary<string, string[]> errors, string title = "The request has invalid fields") =>
        new(StatusCodes.Status422UnprocessableEntity, title, string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), errors);

    public static ProblemException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static ProblemException Conflict(string title, string detail) => new(StatusCodes.Status409Conflict, title, detail);
}
