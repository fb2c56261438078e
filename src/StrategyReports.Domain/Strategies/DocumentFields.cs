namespace StrategyReports.Domain.Strategies;

/// <summary>Collects problems as a document is read, so that all are reported at once.</summary>
internal sealed class ProblemList
{
    private readonly List<StrategyProblem> _problems;

    public ProblemList(List<StrategyProblem> problems) => _problems = problems;

    public void Add(string path, string message) => _problems.Add(new(path, message));

    public bool CheckId(string path, string? id)
    {
        if (id is null || Identifier.IsValid(id))
        {
            return true;
        }

        Add(path, $"'{id}' is not a valid id: use {Identifier.Rule}");
        return false;
    }
}

/// <summary>
/// Reads the properties of one mapping: typed getters report a missing or mistyped property by
/// path, and <see cref="ReportUnknown"/> reports every property nobody asked for, so a typo is never ignored.
/// </summary>
internal sealed class DocumentFields
{
    private readonly Dictionary<string, DocumentNode> _entries;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<KeyValuePair<string, DocumentNode>> _ordered;

    // When the node is not a mapping that has been reported once; its "missing" fields are not.
    private readonly bool _isBroken;

    public DocumentFields(DocumentNode? node, string path, ProblemList problems)
    {
        Path = path;
        Problems = problems;
        if (node is MappingNode mapping)
        {
            _ordered = mapping.Entries;
        }
        else
        {
            _ordered = [];
            _isBroken = true;
            problems.Add(path, "expected a mapping of properties");
        }

        _entries = _ordered.ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
    }

    private DocumentFields(string path, ProblemList problems)
    {
        Path = path;
        Problems = problems;
        _ordered = [];
        _entries = [];
        _isBroken = true;
    }

    public string Path { get; }

    public ProblemList Problems { get; }

    public string PathOf(string name) => StrategyProblem.Child(Path, name);

    /// <summary>The node of a property, or null when it is absent or null; reports a missing required one.</summary>
    public DocumentNode? Node(string name, bool required)
    {
        _read.Add(name);
        if (_entries.TryGetValue(name, out var node) && !(node is ScalarNode scalar && scalar.IsNull))
        {
            return node;
        }

        if (required && !_isBroken)
        {
            Problems.Add(PathOf(name), "required");
        }

        return null;
    }

    public string? String(string name, bool required = true)
    {
        var node = Node(name, required);
        if (node is null)
        {
            return null;
        }

        if (node is not ScalarNode { Type: ScalarType.String or ScalarType.Plain } scalar)
        {
            Problems.Add(PathOf(name), "expected text");
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Text))
        {
            if (required)
            {
                Problems.Add(PathOf(name), "may not be blank");
            }

            return null;
        }

        return scalar.Text.Trim();
    }

    public string? Id(string name, bool required = true)
    {
        var id = String(name, required);
        return Problems.CheckId(PathOf(name), id) ? id : null;
    }

    public decimal? Decimal(string name, bool required = true) => ReadDecimal(Node(name, required), PathOf(name), Problems);

    public int? Int(string name, bool required = true)
    {
        var value = Decimal(name, required);
        if (value is null)
        {
            return null;
        }

        if (value != decimal.Truncate(value.Value) || value is < int.MinValue or > int.MaxValue)
        {
            Problems.Add(PathOf(name), "expected a whole number");
            return null;
        }

        return (int)value.Value;
    }

    public bool? Boolean(string name)
    {
        var node = Node(name, required: false);
        if (node is null)
        {
            return null;
        }

        if (node is ScalarNode scalar && scalar.TryGetBoolean(out var value))
        {
            return value;
        }

        Problems.Add(PathOf(name), "expected true or false");
        return null;
    }

    public DateOnly? Date(string name, bool required = true)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date))
        {
            return date;
        }

        Problems.Add(PathOf(name), $"'{text}' is not a date: expected YYYY-MM-DD");
        return null;
    }

    /// <summary>A vocabulary value such as a kind or sector; an unknown name is reported with the known ones.</summary>
    public T? Choice<T>(string name, TryParseName<T> tryParse, IReadOnlyList<string> names, string noun, bool required = true)
        where T : struct
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (tryParse(text, out var value))
        {
            return value;
        }

        Problems.Add(PathOf(name), UnknownName(text, noun, names));
        return null;
    }

    /// <summary>The items of a list property with their paths; an absent optional list is empty.</summary>
    public IReadOnlyList<(DocumentNode Node, string Path)> List(string name, bool required = false)
    {
        var node = Node(name, required);
        if (node is null)
        {
            return [];
        }

        if (node is not SequenceNode sequence)
        {
            Problems.Add(PathOf(name), "expected a list");
            return [];
        }

        return [.. sequence.Items.Select((item, index) => (item, $"{PathOf(name)}[{index}]"))];
    }

    /// <summary>The entries of a mapping property whose keys are data (e.g. periods), with their paths.</summary>
    public IReadOnlyList<(string Key, DocumentNode Node, string Path)> Map(string name)
    {
        var node = Node(name, required: false);
        if (node is null)
        {
            return [];
        }

        if (node is not MappingNode mapping)
        {
            Problems.Add(PathOf(name), "expected a mapping");
            return [];
        }

        return [.. mapping.Entries.Select(entry => (entry.Key, entry.Value, StrategyProblem.Child(PathOf(name), entry.Key)))];
    }

    public DocumentFields Fields(string name, bool required = true)
    {
        var node = Node(name, required);
        return node is null ? Absent(PathOf(name), Problems) : new DocumentFields(node, PathOf(name), Problems);
    }

    /// <summary>True when the property is present and not null; it counts as known, not as unknown.</summary>
    public bool Has(string name)
    {
        _read.Add(name);
        return _entries.TryGetValue(name, out var node) && !(node is ScalarNode scalar && scalar.IsNull);
    }

    /// <summary>Reports every property that was not read.</summary>
    public void ReportUnknown()
    {
        var expected = string.Join(", ", _read.Order(StringComparer.Ordinal));
        foreach (var (key, _) in _ordered.Where(entry => !_read.Contains(entry.Key)))
        {
            Problems.Add(PathOf(key), $"unknown property; expected one of {expected}");
        }
    }

    public static decimal? ReadDecimal(DocumentNode? node, string path, ProblemList problems)
    {
        if (node is null)
        {
            return null;
        }

        if (node is ScalarNode scalar && scalar.TryGetDecimal(out var value))
        {
            return value;
        }

        problems.Add(path, "expected a number");
        return null;
    }

    public static string UnknownName(string text, string noun, IReadOnlyList<string> names) =>
        $"unknown {noun} '{text}'; expected one of {string.Join(", ", names)}";

    /// <summary>Fields of an absent optional mapping: every getter returns null and nothing is reported.</summary>
    private static DocumentFields Absent(string path, ProblemList problems) => new(path, problems);
}

internal delegate bool TryParseName<T>(string? name, out T value);
