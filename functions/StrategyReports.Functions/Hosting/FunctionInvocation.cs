using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// What the Functions host POSTs to a custom handler for a non-HTTP trigger:
/// <c>{"Data": {"&lt;binding&gt;": …}, "Metadata": {…}}</c>.
/// </summary>
public sealed record FunctionInvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

/// <summary>The JSON contract of the invocation the host posts to a timer function, generated at compile time: building the endpoint asks for it before the server listens (docs/cold-start.md), as <see cref="Health.HealthJson"/> explains.</summary>
[JsonSerializable(typeof(FunctionInvocationRequest))]
internal sealed partial class FunctionsHostingJson : JsonSerializerContext;

/// <summary>The reply the host expects: <c>{"Outputs": {…}, "Logs": […], "ReturnValue": …}</c>.</summary>
public sealed record FunctionInvocationResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

/// <summary>The timer trigger's payload, as the host describes the schedule and this firing.</summary>
public sealed record TimerInfo(
    [property: JsonPropertyName("Schedule")] TimerScheduleInfo? Schedule,
    [property: JsonPropertyName("ScheduleStatus")] TimerScheduleStatus? ScheduleStatus,
    [property: JsonPropertyName("IsPastDue")] bool IsPastDue)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Reads a timer binding's data, which the host sends either as an object or as a JSON-encoded string.
    /// </summary>
    /// <exception cref="FormatException">The data is neither.</exception>
    public static TimerInfo FromBinding(JsonElement data)
    {
        try
        {
            return data.ValueKind switch
            {
                JsonValueKind.String => JsonSerializer.Deserialize<TimerInfo>(data.GetString()!, Json),
                JsonValueKind.Object => data.Deserialize<TimerInfo>(Json),
                _ => null,
            } ?? throw new FormatException($"Timer data must be an object or a JSON string, not {data.ValueKind}.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Timer data is not valid JSON: {e.Message}", e);
        }
    }
}

public sealed record TimerScheduleInfo([property: JsonPropertyName("AdjustForDST")] bool AdjustForDst);

public sealed record TimerScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset? Last,
    [property: JsonPropertyName("Next")] DateTimeOffset? Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset? LastUpdated);
