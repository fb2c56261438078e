using System.Text.RegularExpressions;
using StrategyReports.Functions.Errors;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Ids that come in URLs become storage keys: they are checked before any storage call so a
/// malformed one is a clear 404 or 422, never a storage error.
/// </summary>
public static partial class Identifiers
{
    /// <summary>Lower-case letters, digits and hyphens, 1–64 characters, starting with a letter or digit.</summary>
    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>An id in a URL that does not name anything that could exist is simply unknown: 404.</summary>
    public static string RequireKnownShape(string id, string what) =>
        IsValid(id) ? id : throw ProblemException.NotFound(what, id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
