using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrategyReports.Domain.Periods;

/// <summary>Writes a <see cref="Period"/> as its id, in values and as a dictionary key.</summary>
public sealed class PeriodJsonConverter : JsonConverter<Period>
{
    public override Period Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Period.TryParse(reader.GetString(), out var period)
            ? period
            : throw new JsonException("Expected a period id such as 2025-26-Q1.");

    public override void Write(Utf8JsonWriter writer, Period value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Id);
    }

    public override Period ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Period.TryParse(reader.GetString(), out var period)
            ? period
            : throw new JsonException("Expected a period id such as 2025-26-Q1.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Period value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.Id);
    }
}
