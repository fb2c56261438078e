using StrategyReports.Domain.Failures;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// The <c>Idempotency-Key</c> a client sends so a retry after a lost answer is recognised as the same
/// submission, one rule for every endpoint that takes one.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 100;

    /// <summary>The request's key, checked; null when it sends none.</summary>
    public static string? Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return null;
        }

        var key = values.ToString();
        RequireValid(key);
        return key;
    }

    /// <summary>Keys may become part of a row key: printable ASCII without the characters row keys forbid; 422 naming the header otherwise.</summary>
    public static void RequireValid(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValid(key))
        {
            throw new ValidationFailedException(
                Header,
                $"An Idempotency-Key is 1–{MaxLength} printable ASCII characters without spaces, '/', '\\', '#' or '?'.");
        }
    }

    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxLength && !key.Any(c => c is < '!' or > '~' or '/' or '\\' or '#' or '?');
}
