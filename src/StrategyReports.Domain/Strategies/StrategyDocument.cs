using System.Text.Encodings.Web;
using System.Text.Json;
using StrategyReports.Domain.Periods;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Strategies;

/// <summary>
/// Reads strategy documents (JSON or YAML) into a validated <see cref="Strategy"/>, and writes the
/// canonical JSON form that is stored and returned.
/// </summary>
public static class StrategyDocument
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Stored and served as application/json, never embedded in HTML, so readable text beats escaping quotes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Parses and validates a document. Every problem is reported, each with its path; the strategy
    /// is only returned when there are none.
    /// </summary>
    public static StrategyParseResult Parse(string text, StrategyFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<StrategyProblem>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var root = DocumentTree.Load(text, format, problems, lines);
        var strategy = root is null ? null : StrategyReader.Read(root, problems);
        var read = new StrategyParseResult(problems.Count == 0 ? strategy : null, problems) { Lines = lines };
        return read with { Problems = [.. problems.Select(problem => problem with { Line = problem.Line ?? read.LineOf(problem.Path) })] };
    }

    /// <summary>
    /// The format of a document from its content type (<c>application/json</c>, <c>+json</c>,
    /// <c>application/yaml</c>, <c>text/yaml</c> and their <c>x-</c> forms), else from its first
    /// non-space character: <c>{</c> is JSON, anything else YAML.
    /// </summary>
    public static StrategyFormat DetectFormat(string? contentType, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mediaType = contentType?.Split(';')[0].Trim().ToUpperInvariant() ?? string.Empty;
        if (mediaType is "APPLICATION/JSON" || mediaType.EndsWith("+JSON", StringComparison.Ordinal))
        {
            return StrategyFormat.Json;
        }

        if (mediaType is "APPLICATION/YAML" or "APPLICATION/X-YAML" or "TEXT/YAML" or "TEXT/X-YAML")
        {
            return StrategyFormat.Yaml;
        }

        return text.AsSpan().TrimStart().StartsWith("{") ? StrategyFormat.Json : StrategyFormat.Yaml;
    }

    /// <summary>
    /// The canonical JSON of a strategy: camelCase, properties in a fixed order, defaults written
    /// out. The same strategy always gives the same text, and parsing it gives an equal strategy.
    /// </summary>
    public static string ToCanonicalJson(Strategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            WriteStrategy(writer, strategy);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// A short fingerprint of a strategy's content (<c>sha256:</c> and 16 hex digits of its canonical
    /// JSON): equal strategies share it, so a return or survey response can record exactly which
    /// definition it was checked against, and republishing an unchanged document can be recognised.
    /// </summary>
    public static string Fingerprint(Strategy strategy)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ToCanonicalJson(strategy)));
        return "sha256:" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    private static void WriteStrategy(Utf8JsonWriter writer, Strategy strategy)
    {
        writer.WriteStartObject();
        writer.WriteString("partnershipId", strategy.PartnershipId);
        writer.WriteString("name", strategy.Name);
        WriteOptional(writer, "description", strategy.Description);
        writer.WriteString("firstPeriod", strategy.FirstPeriod.Id);
        writer.WriteString("lastPeriod", strategy.LastPeriod.Id);
        writer.WriteStartObject("calendar");
        writer.WriteNumber("opensDaysAfterQuarterEnd", strategy.Calendar.OpensDaysAfterQuarterEnd);
        writer.WriteNumber("dueDaysAfterQuarterEnd", strategy.Calendar.DueDaysAfterQuarterEnd);
        writer.WriteNumber("closesDaysAfterQuarterEnd", strategy.Calendar.ClosesDaysAfterQuarterEnd);

        // Written only when set, so a strategy published before reminders keeps its canonical text and fingerprint.
        if (strategy.Calendar.RemindDaysFromDue is { } reminders)
        {
            writer.WriteStartArray("remindDaysFromDue");
            foreach (var day in reminders)
            {
                writer.WriteNumberValue(day);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();

        // Written only when set, so a strategy published before escalation keeps its canonical text and fingerprint.
        if (strategy.RiskEscalationScore is { } escalation)
        {
            writer.WriteNumber("riskEscalationScore", escalation);
        }

        // Likewise written only when set.
        if (strategy.CountOnlyAccepted)
        {
            writer.WriteStartObject("returns");
            writer.WriteBoolean("countOnlyAccepted", true);
            writer.WriteEndObject();
        }

        WriteArray(writer, "assuranceGroups", strategy.AssuranceGroups, group =>
        {
            writer.WriteString("id", group.Id);
            writer.WriteString("name", group.Name);
            WriteOptional(writer, "reportsTo", group.ReportsTo);
        });
        WriteArray(writer, "partners", strategy.Partners, partner =>
        {
            writer.WriteString("id", partner.Id);
            writer.WriteString("name", partner.Name);
            writer.WriteString("sector", partner.Sector.ToName());
            writer.WriteNumber("headcount", partner.Headcount);
            WriteOptional(writer, "returnsContact", partner.ReturnsContact);
        });
        WriteArray(writer, "programmes", strategy.Programmes, programme => WriteProgramme(writer, programme));
        WriteArray(writer, "surveys", strategy.Surveys, survey => WriteSurvey(writer, survey));
        writer.WriteEndObject();
    }

    private static void WriteProgramme(Utf8JsonWriter writer, Programme programme)
    {
        writer.WriteString("id", programme.Id);
        writer.WriteString("name", programme.Name);
        WriteOptional(writer, "description", programme.Description);
        writer.WriteString("lead", programme.Lead);
        WriteStrings(writer, "assuranceGroups", programme.AssuranceGroupIds);
        writer.WriteString("overallRag", programme.OverallRagRule.ToName());
        WriteArray(writer, "measures", programme.Measures, measure => WriteMeasure(writer, measure));
        if (programme.DeclaredMilestones.Count > 0)
        {
            WriteArray(writer, "milestones", programme.DeclaredMilestones, milestone =>
            {
                writer.WriteString("id", milestone.Id);
                writer.WriteString("name", milestone.Name);
                writer.WriteString("due", milestone.Due.Id);
                WriteOptional(writer, "owner", milestone.Owner);
            });
        }
    }

    private static void WriteMeasure(Utf8JsonWriter writer, SuccessMeasure measure)
    {
        writer.WriteString("id", measure.Id);
        writer.WriteString("name", measure.Name);
        WriteOptional(writer, "description", measure.Description);
        WriteOptional(writer, "question", measure.Question);
        writer.WriteString("kind", measure.Kind.ToName());
        writer.WriteString("unit", measure.Unit);
        writer.WriteString("direction", measure.Direction.ToName());
        if (measure.Kind == MeasureKind.Ratio)
        {
            WriteOptional(writer, "numeratorLabel", measure.NumeratorLabel);
            WriteOptional(writer, "denominatorLabel", measure.DenominatorLabel);
            writer.WriteBoolean("isProportion", measure.IsProportion);
        }

        if (measure.Survey is { } survey)
        {
            writer.WriteStartObject("survey");
            writer.WriteString("surveyId", survey.SurveyId);
            WriteOptional(writer, "questionId", survey.QuestionId);
            WriteOptional(writer, "theme", survey.Theme);
            writer.WriteString("score", survey.Score.ToName());
            writer.WriteEndObject();
        }

        if (measure.AppliesToSectors.Count > 0)
        {
            WriteStrings(writer, "appliesTo", [.. measure.AppliesToSectors.Select(sector => sector.ToName())]);
        }

        if (measure.AmberTolerance.IsPercentOfTarget)
        {
            writer.WriteString("amberTolerance", measure.AmberTolerance.ToString());
        }
        else
        {
            writer.WriteNumber("amberTolerance", measure.AmberTolerance.Value);
        }

        if (measure.Targets.Count > 0)
        {
            writer.WriteStartObject("targets");
            foreach (var (period, target) in measure.Targets.OrderBy(entry => entry.Key))
            {
                writer.WriteNumber(period.Id, target);
            }

            writer.WriteEndObject();
        }

        if (measure.Trajectory is { } trajectory)
        {
            WritePoint(writer, "baseline", trajectory.BaselinePeriod, trajectory.BaselineValue);
            WritePoint(writer, "trajectory", trajectory.TargetPeriod, trajectory.TargetValue);
        }
    }

    private static void WriteSurvey(Utf8JsonWriter writer, PulseSurvey survey)
    {
        writer.WriteString("id", survey.Id);
        writer.WriteString("title", survey.Title);
        WriteOptional(writer, "description", survey.Description);
        WriteOptional(writer, "programme", survey.ProgrammeId);
        writer.WriteString("opens", survey.Opens.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("closes", survey.Closes.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("minimumGroupSize", survey.MinimumGroupSize);
        if (survey.CodesRequiredForPartnerResults)
        {
            writer.WriteBoolean("codesRequiredForPartnerResults", true);
        }

        WriteArray(writer, "questions", survey.Questions, question =>
        {
            writer.WriteString("id", question.Id);
            writer.WriteString("kind", QuestionKinds.ToName(question.Kind));
            writer.WriteString("text", question.Text);
            writer.WriteBoolean("required", question.Required);
            WriteOptional(writer, "theme", question.Theme);
            if (question.Options is { } options)
            {
                WriteStrings(writer, "options", options);
            }

            if (question.MaxLength is { } maxLength)
            {
                writer.WriteNumber("maxLength", maxLength);
            }
        });
    }

    private static void WritePoint(Utf8JsonWriter writer, string name, Period period, decimal value)
    {
        writer.WriteStartObject(name);
        writer.WriteString("period", period.Id);
        writer.WriteNumber("value", value);
        writer.WriteEndObject();
    }

    private static void WriteArray<T>(Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<T> writeProperties)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writeProperties(item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
