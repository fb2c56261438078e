namespace StrategyReports.Domain.Strategies;

/// <summary>One thing wrong with a strategy document.</summary>
/// <param name="Path">Where, e.g. <c>programmes[2].measures[0].targets["2025-26-Q5"]</c>; <c>$</c> is the whole document.</param>
public sealed record StrategyProblem(string Path, string Message)
{
    /// <summary>The path of the document as a whole.</summary>
    public const string DocumentPath = "$";

    /// <summary>
    /// The 1-based line of the document the problem is on: the line of the value at <see cref="Path"/>, or of the
    /// nearest enclosing value when the path names something missing. Null when no line applies (an empty document).
    /// </summary>
    public int? Line { get; init; }

    // The same problem at the same path is the same problem, wherever the document's layout put its line.
    public bool Equals(StrategyProblem? other) =>
        other is not null && string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(Message, other.Message, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Path, Message);

    public override string ToString() => $"{Path}: {Message}";

    /// <summary>The paths above <paramref name="path"/>, nearest first, ending with <see cref="DocumentPath"/>.</summary>
    internal static IEnumerable<string> Ancestors(string path)
    {
        var current = path;
        while (current != DocumentPath)
        {
            var cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            // A quoted key may hold dots or brackets: cut before its opening bracket instead.
            var quoted = current.EndsWith("\"]", StringComparison.Ordinal) ? current.LastIndexOf("[\"", StringComparison.Ordinal) : -1;
            if (quoted >= 0)
            {
                cut = quoted;
            }

            current = cut <= 0 ? DocumentPath : current[..cut];
            yield return current;
        }
    }

    /// <summary>The path of a property or dictionary key below <paramref name="parent"/>.</summary>
    internal static string Child(string parent, string key)
    {
        var isName = key.Length > 0 && char.IsAsciiLetter(key[0]) && key.All(char.IsAsciiLetterOrDigit);
        if (!isName)
        {
            return $"{(parent == DocumentPath ? string.Empty : parent)}[\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
        }

        return parent == DocumentPath ? key : $"{parent}.{key}";
    }
}

/// <summary>The document formats a strategy is accepted in.</summary>
public enum StrategyFormat
{
    Json,
    Yaml,
}

/// <summary>The outcome of reading a strategy document: the strategy, or every problem found.</summary>
/// <param name="Strategy">The strategy when the document has no problems; otherwise null.</param>
public sealed record StrategyParseResult(Strategy? Strategy, IReadOnlyList<StrategyProblem> Problems)
{
    public bool IsValid => Strategy is not null && Problems.Count == 0;

    /// <summary>The line each value of the document starts on, by path.</summary>
    public IReadOnlyDictionary<string, int> Lines { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The line of the value at <paramref name="path"/>, or of the nearest enclosing value when nothing is there
    /// (a missing property is reported where it should have been given); null when the document could not be read.
    /// </summary>
    public int? LineOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var candidate in StrategyProblem.Ancestors(path).Prepend(path))
        {
            if (Lines.TryGetValue(candidate, out var line))
            {
                return line;
            }
        }

        return null;
    }
}
