using System.Text;
using System.Text.Json;

namespace StrategyReports.Domain.Strategies;

/// <summary>
/// The line each value of a JSON document starts on, by the same paths the reader reports problems at
/// (<see cref="StrategyProblem.Child"/>). <see cref="JsonDocument"/> keeps no positions, so the text is read
/// once more token by token.
/// </summary>
internal static class DocumentLines
{
    public static void ReadJson(string text, Dictionary<string, int> lines)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        // Each open container's path, and for an array the index its next item takes.
        var containers = new Stack<(string Path, int NextIndex)>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            var line = LineOf(lineStarts, reader.TokenStartIndex);
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                pendingProperty = StrategyProblem.Child(containers.Peek().Path, reader.GetString()!);
                lines.TryAdd(pendingProperty, line);
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                containers.Pop();
                continue;
            }

            var path = ValuePath(containers, ref pendingProperty);
            lines.TryAdd(path, line);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push((path, 0));
            }
        }
    }

    private static string ValuePath(Stack<(string Path, int NextIndex)> containers, ref string? pendingProperty)
    {
        if (pendingProperty is { } property)
        {
            pendingProperty = null;
            return property;
        }

        if (containers.Count == 0)
        {
            return StrategyProblem.DocumentPath;
        }

        var (parent, index) = containers.Pop();
        containers.Push((parent, index + 1));
        return $"{parent}[{index}]";
    }

    private static List<long> LineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static int LineOf(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
