using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrategyReports.Domain.Rollups;

/// <summary>
/// The stored form of a rollup, which the API answers with too: camel-cased JSON in declaration order, lists
/// in the order the calculator builds them, periods as ids, enums by their kebab-case names as strategy
/// documents write them (<c>lower-is-better</c>, <c>amber</c>) and decimals invariant with at most four places
/// and no trailing zeros. The same rollup always gives the same bytes.
/// </summary>
/// <remarks>
/// Rollups stored before the names were kebab-case have them as the enum's own (<c>LowerIsBetter</c>); the
/// converter reads those too, so every stored version stays readable.
/// </remarks>
public static class RollupJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new FourPlaces() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(PartnershipRollup rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        return JsonSerializer.Serialize(rollup, Options);
    }

    /// <exception cref="JsonException">The text is not a stored rollup.</exception>
    public static PartnershipRollup Deserialize(string json) =>
        JsonSerializer.Deserialize<PartnershipRollup>(json, Options)
        ?? throw new JsonException("A stored rollup cannot be null.");

    private sealed class FourPlaces : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
        {
            // "0.####" drops trailing zeros, so 1.50m and 1.5m write the same; a rounded zero never writes as "-0".
            var rounded = Math.Round(value, RollupCalculator.Decimals, MidpointRounding.AwayFromZero);
            writer.WriteRawValue(rounded == 0m ? "0" : rounded.ToString("0.####", CultureInfo.InvariantCulture));
        }
    }
}
