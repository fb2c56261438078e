namespace StrategyReports.Domain.Strategies;

/// <summary>A fixed two-way map between enum values and the kebab-case names documents use.</summary>
internal sealed class DocumentNames<T>
    where T : struct, Enum
{
    private readonly Dictionary<string, T> _byName;
    private readonly Dictionary<T, string> _byValue;

    public DocumentNames(params (string Name, T Value)[] names)
    {
        _byName = names.ToDictionary(pair => pair.Name, pair => pair.Value, StringComparer.Ordinal);
        _byValue = names.ToDictionary(pair => pair.Value, pair => pair.Name);
        All = [.. names.Select(pair => pair.Name)];
    }

    public IReadOnlyList<string> All { get; }

    public bool TryParse(string? name, out T value) => _byName.TryGetValue(name ?? string.Empty, out value);

    public string ToName(T value) => _byValue[value];
}
