namespace StrategyReports.Domain.Failures;

/// <summary>
/// A request the partnership's rules refuse, said so the person or program that made it can act on it. Use cases
/// throw these and know nothing of HTTP; the app's one exception handler gives each kind its status.
/// </summary>
public abstract class DomainException : Exception
{
    protected DomainException(string title, string detail)
        : base(detail) => Title = title;

    public string Title { get; }

    /// <summary>What the caller may need to put things right, e.g. the current version's ETag; sent with the problem.</summary>
    public IDictionary<string, object?> Facts { get; } = new Dictionary<string, object?>();
}

/// <summary>Nothing of that kind has that id, or the caller's request names nothing that could exist.</summary>
public sealed class NotFoundException(string what, string id) : DomainException($"Unknown {what}", $"There is no {what} '{id}'.");

/// <summary>Fields that break a rule, each named by its path (e.g. <c>values.vacancies</c>) with what is wrong.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors, string title = "The request has invalid fields")
    : DomainException(title, string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The caller is known but their role or scope does not cover what they asked for.</summary>
public sealed class AccessDeniedException(string detail) : DomainException("Not allowed", detail);

/// <summary>The request is sound but the state of things does not allow it now: not open yet, or someone else got there first.</summary>
public sealed class ConflictException(string title, string detail) : DomainException(title, detail);

/// <summary>The caller's copy is out of date (<see cref="IsRequired"/> false), or they sent no version where one is needed.</summary>
public sealed class PreconditionFailedException(string title, string detail, bool isRequired = false) : DomainException(title, detail)
{
    /// <summary>No version was sent where a change could overwrite one the caller has not seen.</summary>
    public bool IsRequired { get; } = isRequired;
}

/// <summary>A window that took submissions has closed: for good (a survey), or until an admin reopens it (a period's returns).</summary>
public sealed class ClosedException(string title, string detail, bool isFinal) : DomainException(title, detail)
{
    public bool IsFinal { get; } = isFinal;
}

/// <summary>More than the service takes at once.</summary>
public sealed class TooLargeException(string title, string detail) : DomainException(title, detail);

/// <summary>Caught between two consistent states (a report mid-regeneration): the same request will succeed shortly.</summary>
public sealed class NotReadyException(string title, string detail) : DomainException(title, detail);
