using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrategyReports.Surveys;

/// <summary>
/// One stored, anonymous response to a pulse survey.
/// </summary>
/// <remarks>
/// Anonymity is structural: the record has room for the survey, the partner organisation, the
/// UK day and the answers, and nothing else — no name, e-mail, IP address, user agent, cookie or
/// time finer than the day can be stored with it. Whoever stores it should key it by a random
/// id, not a time-ordered one, for the same reason.
/// </remarks>
/// <param name="Day">The UK calendar day the response arrived (the caller tells it from the UK clock).</param>
/// <param name="Answers">Answers by question id; unanswered optional questions are absent.</param>
public sealed record SurveyResponse(
    string SurveyId,
    string PartnerId,
    DateOnly Day,
    IReadOnlyDictionary<string, SurveyAnswer> Answers)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        AllowOutOfOrderMetadataProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The stored form: camel-cased JSON, each answer tagged with its question kind.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a response written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a stored response.</exception>
    public static SurveyResponse FromJson(string json) =>
        JsonSerializer.Deserialize<SurveyResponse>(json, JsonOptions)
        ?? throw new JsonException("A stored survey response cannot be null.");
}
