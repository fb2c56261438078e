using System.Text.Json;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Returns;

/// <summary>
/// The stored and submitted shape of a return's values: a JSON object <c>measureId -> number | true/false |
/// {"numerator": n, "denominator": d}</c>. Everyone reading the <c>returns</c> table reads values through here.
/// </summary>
public static class MeasureValueJson
{
    /// <summary>Writes values as a JSON object, measures in ordinal order so equal returns give equal text.</summary>
    public static string Write(IReadOnlyDictionary<string, MeasureValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var json = new JsonObject();
        foreach (var (id, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json[id] = ToNode(value);
        }

        return json.ToJsonString();
    }

    /// <summary>
    /// Reads values written by <see cref="Write"/>. <paramref name="kindOf"/> gives each measure's kind; for a
    /// measure it does not know (null) the kind follows the shape: an object is a ratio, a boolean yes-no, a
    /// whole number a count and any other number an amount.
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not a values object or a value does not fit its kind.</exception>
    public static IReadOnlyDictionary<string, MeasureValue> Read(string json, Func<string, MeasureKind?> kindOf)
    {
        ArgumentNullException.ThrowIfNull(kindOf);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Stored return values are not JSON: {e.Message}", e);
        }

        if (root is not JsonObject values)
        {
            throw new InvalidDataException("Stored return values are not a JSON object.");
        }

        var result = new Dictionary<string, MeasureValue>(StringComparer.Ordinal);
        foreach (var (id, node) in values)
        {
            result[id] = FromNode(id, node, kindOf(id));
        }

        return result;
    }

    /// <summary>One value in its JSON shape.</summary>
    public static JsonNode ToNode(MeasureValue value) => value switch
    {
        CountValue count => JsonValue.Create(count.Value),
        AmountValue amount => JsonValue.Create(amount.Value),
        RatioValue ratio => new JsonObject { ["numerator"] = ratio.Numerator, ["denominator"] = ratio.Denominator },
        YesNoValue yesNo => JsonValue.Create(yesNo.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown measure value."),
    };

    private static MeasureValue FromNode(string id, JsonNode? node, MeasureKind? kind)
    {
        var shape = kind ?? node switch
        {
            JsonObject => MeasureKind.Ratio,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => MeasureKind.YesNo,
            JsonValue v when v.TryGetValue<long>(out _) => MeasureKind.Count,
            _ => MeasureKind.Amount,
        };
        MeasureValue? value = shape switch
        {
            MeasureKind.Count when node is JsonValue v && v.TryGetValue<long>(out var count) => new CountValue(count),
            MeasureKind.Amount when node is JsonValue v && v.TryGetValue<decimal>(out var amount) => new AmountValue(amount),
            MeasureKind.Ratio when node is JsonObject o && o["numerator"] is JsonValue n && n.TryGetValue<decimal>(out var numerator)
                && o["denominator"] is JsonValue d && d.TryGetValue<decimal>(out var denominator) => new RatioValue(numerator, denominator),
            MeasureKind.YesNo when node is JsonValue v && v.TryGetValue<bool>(out var yes) => new YesNoValue(yes),
            _ => null,
        };
        return value ?? throw new InvalidDataException($"Stored value of '{id}' does not fit a {shape.ToName()} measure: {node?.ToJsonString() ?? "null"}.");
    }
}
