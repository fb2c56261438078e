using System.Text.RegularExpressions;

namespace StrategyReports.Domain.Strategies;

/// <summary>
/// The one rule for the ids a strategy gives its partnership, programmes, partners, measures and surveys. They
/// appear in URLs and storage keys, so they are lower-case slugs: 1–64 letters, digits and single hyphens.
/// </summary>
public static partial class Identifier
{
    public const string Rule = "1–64 lower-case letters, digits and single hyphens, e.g. 'workforce-wellbeing'";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
