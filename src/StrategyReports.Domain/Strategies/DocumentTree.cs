using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StrategyReports.Domain.Strategies;

/// <summary>
/// JSON and YAML documents read into one small tree, so that one reader validates both and
/// reports the same paths whichever format the admin sent.
/// </summary>
internal abstract record DocumentNode;

internal sealed record MappingNode(IReadOnlyList<KeyValuePair<string, DocumentNode>> Entries) : DocumentNode;

internal sealed record SequenceNode(IReadOnlyList<DocumentNode> Items) : DocumentNode;

internal enum ScalarType
{
    String,
    Number,
    Boolean,
    Null,

    /// <summary>An unquoted YAML scalar: a string, number, boolean or null depending on where it is read.</summary>
    Plain,
}

internal sealed record ScalarNode(string Text, ScalarType Type) : DocumentNode
{
    public bool IsNull => Type == ScalarType.Null || (Type == ScalarType.Plain && Text is "" or "~" or "null" or "Null" or "NULL");

    public bool TryGetDecimal(out decimal value)
    {
        value = 0m;
        return Type is ScalarType.Number or ScalarType.Plain
            && decimal.TryParse(Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    public bool TryGetBoolean(out bool value)
    {
        value = false;
        if (Type is not (ScalarType.Boolean or ScalarType.Plain))
        {
            return false;
        }

        value = Text is "true" or "True" or "TRUE";
        return value || Text is "false" or "False" or "FALSE";
    }
}

internal static class DocumentTree
{
    // Deep enough for any strategy; stops YAML aliases that refer to their own ancestors.
    private const int MaximumDepth = 32;

    // Far more than any strategy needs; stops aliases of aliases expanding exponentially ("billion laughs").
    private const int MaximumYamlNodes = 200_000;

    /// <summary>Reads the document, recording in <paramref name="lines"/> the 1-based line each path's value starts on.</summary>
    public static DocumentNode? Load(string text, StrategyFormat format, List<StrategyProblem> problems, Dictionary<string, int> lines)
    {
        if (format == StrategyFormat.Json)
        {
            var root = LoadJson(text, problems);
            if (root is not null)
            {
                DocumentLines.ReadJson(text, lines);
            }

            return root;
        }

        return LoadYaml(text, problems, lines);
    }

    private static DocumentNode? LoadJson(string text, List<StrategyProblem> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return FromJson(document.RootElement, StrategyProblem.DocumentPath, problems);
        }
        catch (JsonException exception)
        {
            problems.Add(new(StrategyProblem.DocumentPath, $"not valid JSON: {exception.Message}") { Line = exception.LineNumber is { } line ? (int)line + 1 : null });
            return null;
        }
    }

    private static DocumentNode FromJson(JsonElement element, string path, List<StrategyProblem> problems) => element.ValueKind switch
    {
        JsonValueKind.Object => new MappingNode(Entries(
            element.EnumerateObject().Select(property => (property.Name, (Func<string, DocumentNode>)(childPath => FromJson(property.Value, childPath, problems)))),
            path,
            problems)),
        JsonValueKind.Array => new SequenceNode([.. element.EnumerateArray().Select((item, index) => FromJson(item, $"{path}[{index}]", problems))]),
        JsonValueKind.String => new ScalarNode(element.GetString()!, ScalarType.String),
        JsonValueKind.Number => new ScalarNode(element.GetRawText(), ScalarType.Number),
        JsonValueKind.True => new ScalarNode("true", ScalarType.Boolean),
        JsonValueKind.False => new ScalarNode("false", ScalarType.Boolean),
        _ => new ScalarNode(string.Empty, ScalarType.Null),
    };

    private static DocumentNode? LoadYaml(string text, List<StrategyProblem> problems, Dictionary<string, int> lines)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            problems.Add(new(StrategyProblem.DocumentPath, $"not valid YAML at line {exception.Start.Line}, column {exception.Start.Column}: {Innermost(exception).Message}")
            {
                Line = (int)exception.Start.Line,
            });
            return null;
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner throws this rather than a YamlException on some unfinished input (an unclosed flow sequence).
            problems.Add(new(StrategyProblem.DocumentPath, $"not valid YAML: {exception.Message}"));
            return null;
        }

        switch (stream.Documents.Count)
        {
            case 0:
                problems.Add(new(StrategyProblem.DocumentPath, "the document is empty"));
                return null;
            case > 1:
                problems.Add(new(StrategyProblem.DocumentPath, "expected one YAML document, found several"));
                return null;
            default:
                var budget = new NodeBudget(MaximumYamlNodes);
                var root = FromYaml(stream.Documents[0].RootNode, StrategyProblem.DocumentPath, 0, budget, problems, lines);
                if (budget.IsExhausted)
                {
                    problems.Add(new(StrategyProblem.DocumentPath, $"more than {MaximumYamlNodes} values once aliases are expanded"));
                    return null;
                }

                return root;
        }
    }

    private static DocumentNode FromYaml(YamlNode node, string path, int depth, NodeBudget budget, List<StrategyProblem> problems, Dictionary<string, int> lines)
    {
        // A mapping's entry is found by its key's line (set by the caller); anything else by where it starts.
        lines.TryAdd(path, (int)node.Start.Line);
        if (!budget.TryTake())
        {
            return new ScalarNode(string.Empty, ScalarType.Null);
        }

        if (depth > MaximumDepth)
        {
            problems.Add(new(path, "nested too deeply"));
            return new ScalarNode(string.Empty, ScalarType.Null);
        }

        return node switch
        {
            YamlMappingNode mapping => new MappingNode(Entries(
                mapping.Children.Select(child => (
                    child.Key is YamlScalarNode key ? key.Value ?? string.Empty : child.Key.ToString(),
                    (Func<string, DocumentNode>)(childPath =>
                    {
                        lines.TryAdd(childPath, (int)child.Key.Start.Line);
                        return FromYaml(child.Value, childPath, depth + 1, budget, problems, lines);
                    }))),
                path,
                problems)),
            YamlSequenceNode sequence => new SequenceNode(
                [.. sequence.Children.Select((item, index) => FromYaml(item, $"{path}[{index}]", depth + 1, budget, problems, lines))]),
            YamlScalarNode scalar => new ScalarNode(
                scalar.Value ?? string.Empty,
                scalar.Style is ScalarStyle.Plain or ScalarStyle.Any ? ScalarType.Plain : ScalarType.String),
            _ => new ScalarNode(string.Empty, ScalarType.Null),
        };
    }

    private static List<KeyValuePair<string, DocumentNode>> Entries(
        IEnumerable<(string Key, Func<string, DocumentNode> Value)> entries,
        string path,
        List<StrategyProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<KeyValuePair<string, DocumentNode>>();
        foreach (var (key, value) in entries)
        {
            var childPath = StrategyProblem.Child(path, key);
            if (!seen.Add(key))
            {
                // Last-one-wins would silently drop half of what the admin wrote.
                problems.Add(new(childPath, "property given more than once"));
                continue;
            }

            result.Add(new(key, value(childPath)));
        }

        return result;
    }

    private sealed class NodeBudget(int nodes)
    {
        private int _remaining = nodes;

        public bool IsExhausted => _remaining < 0;

        public bool TryTake() => --_remaining >= 0;
    }

    private static Exception Innermost(Exception exception) =>
        exception.InnerException is { } inner ? Innermost(inner) : exception;
}
