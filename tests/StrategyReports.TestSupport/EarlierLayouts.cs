using System.Text.Json.Nodes;

namespace StrategyReports.TestSupport;

/// <summary>Stored data as earlier versions of the app wrote it, to check that it still reads.</summary>
public static class EarlierLayouts
{
    // The properties of a stored rollup whose values are enums.
    private static readonly HashSet<string> EnumProperties = new(StringComparer.Ordinal) { "overallRagRule", "overallRag", "rag", "kind", "direction", "partnerBasis", "trigger" };

    /// <summary>
    /// A rollup's stored JSON as the app wrote it before enums were named in kebab-case: each enum by its own
    /// name (<c>LowerIsBetter</c>, <c>Amber</c>) instead of <c>lower-is-better</c>, <c>amber</c>.
    /// </summary>
    public static string RollupWithEnumNames(string json)
    {
        var root = JsonNode.Parse(json) ?? throw new ArgumentException("A rollup is not null.", nameof(json));
        Rename(root);
        return root.ToJsonString();
    }

    private static void Rename(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (EnumProperties.Contains(name) && value is JsonValue text && text.TryGetValue<string>(out var kebab))
                    {
                        obj[name] = string.Concat(kebab.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
                    }
                    else
                    {
                        Rename(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rename(item);
                }

                break;
        }
    }
}
