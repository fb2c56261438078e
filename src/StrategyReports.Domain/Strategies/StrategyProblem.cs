namespace StrategyReports.Domain.Strategies;

/// <summary>One thing wrong with a strategy document.</summary>
/// <param name="Path">Where, e.g. <c>programmes[2].measures[0].targets["2025-26-Q5"]</c>; <c>$</c> is the whole document.</param>
public sealed record StrategyProblem(string Path, string Message)
{
    /// <summary>The path of the document as a whole.</summary>
    public const string DocumentPath = "$";

    public override string ToString() => $"{Path}: {Message}";

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
}
