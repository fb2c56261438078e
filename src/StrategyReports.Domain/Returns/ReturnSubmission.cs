using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Returns;

/// <summary>A checked submission: values of the partner's measures only, each of the right kind.</summary>
/// <param name="SubmittedBy">The name the submitter gave, if any; the caller falls back to who signed in.</param>
public sealed record ReturnSubmission(IReadOnlyDictionary<string, MeasureValue> Values, ReturnNarrative Narrative, string? SubmittedBy);

/// <summary>What is wrong with one field, by its JSON path (<c>values.sickness-absence.denominator</c>, <c>narrative.risks</c>).</summary>
public sealed record ReturnFieldError(string Field, string Message);

/// <summary>Something the submitter should confirm, but which does not stop the return being accepted.</summary>
/// <param name="Code"><c>left-blank</c> or <c>far-from-last-quarter</c>.</param>
public sealed record ReturnWarning(string Field, string Code, string Message);

/// <summary>The outcome of checking a submission: the submission when there are no errors, and its warnings.</summary>
public sealed record ReturnCheck(ReturnSubmission? Submission, IReadOnlyList<ReturnFieldError> Errors, IReadOnlyList<ReturnWarning> Warnings)
{
    public bool IsValid => Errors.Count == 0 && Submission is not null;
}

/// <summary>
/// Reads a return body (the PUT body, or the form turned into the same shape) and checks it against the
/// strategy version in force: every bad field gets its own error, and a submission with any error is refused whole.
/// </summary>
public static class ReturnValidator
{
    /// <summary>Each narrative box holds at most this many characters: a highlight report quotes them, not essays.</summary>
    public const int NarrativeMaxLength = 4000;

    public const int SubmittedByMaxLength = 200;

    /// <summary>No figure a partner returns reaches a trillion; larger ones are typing mistakes or attacks on the sums.</summary>
    public const decimal MaximumMagnitude = 1_000_000_000_000m;

    /// <summary>A value further than this from the partner's previous quarter (as a fraction of it) is worth a second look.</summary>
    public const decimal FarFromLastQuarter = 0.5m;

    public const string LeftBlank = "left-blank";
    public const string FarFromLastQuarterCode = "far-from-last-quarter";

    private static readonly string[] NarrativeFields = ["achievements", "nextSteps", "risks"];

    /// <summary>Checks a JSON body. Text that is not JSON is one error on <c>body</c>.</summary>
    public static ReturnCheck Check(string json, Strategy strategy, Partner partner, QuarterlyReturn? previousQuarter)
    {
        JsonNode? body;
        try
        {
            // Duplicate names are refused at parse: which of two values counts would otherwise be a guess.
            body = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return Refused(new ReturnFieldError("body", $"The body is not valid JSON: {e.Message}"));
        }

        return Check(body, strategy, partner, previousQuarter);
    }

    /// <summary>Checks a parsed body against the strategy and the partner's measures.</summary>
    public static ReturnCheck Check(JsonNode? body, Strategy strategy, Partner partner, QuarterlyReturn? previousQuarter)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(partner);
        if (body is not JsonObject root)
        {
            return Refused(new ReturnFieldError("body", "The body must be a JSON object with \"values\" and \"narrative\"."));
        }

        var errors = new List<ReturnFieldError>();
        foreach (var (name, _) in root)
        {
            if (name is not ("values" or "narrative" or "submittedBy"))
            {
                errors.Add(new ReturnFieldError(name, $"'{name}' is not part of a return: send values, narrative and submittedBy."));
            }
        }

        var measures = strategy.MeasuresFor(partner);
        var values = ReadValues(root["values"], strategy, partner, measures, errors);
        var narrative = ReadNarrative(root["narrative"], errors);
        var submittedBy = ReadText(root["submittedBy"], "submittedBy", "Your name", SubmittedByMaxLength, errors);
        if (errors.Count > 0)
        {
            return new ReturnCheck(null, errors, []);
        }

        var submission = new ReturnSubmission(values, narrative, submittedBy);
        return new ReturnCheck(submission, [], WarningsFor(submission, measures, previousQuarter));
    }

    /// <summary>The soft warnings: measures left blank, and values more than half as far again from last quarter's.</summary>
    public static IReadOnlyList<ReturnWarning> WarningsFor(ReturnSubmission submission, IReadOnlyList<SuccessMeasure> measures, QuarterlyReturn? previousQuarter)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(measures);
        var warnings = new List<ReturnWarning>();
        foreach (var measure in measures)
        {
            var field = $"values.{measure.Id}";
            if (!submission.Values.TryGetValue(measure.Id, out var value))
            {
                warnings.Add(new ReturnWarning(field, LeftBlank, $"{measure.Name} was left blank: it will show as missing in this quarter's reports."));
                continue;
            }

            if (previousQuarter?.Values.GetValueOrDefault(measure.Id) is { } previous
                && Comparable(measure, previous) is { } before and not 0m
                && Comparable(measure, value) is { } now
                && Math.Abs(now - before) / Math.Abs(before) > FarFromLastQuarter)
            {
                warnings.Add(new ReturnWarning(
                    field,
                    FarFromLastQuarterCode,
                    string.Create(CultureInfo.InvariantCulture, $"{measure.Name} is {Math.Round(Math.Abs(now - before) / Math.Abs(before) * 100m, 0)}% away from last quarter's {Formatting.Entered(previous)}: check it is right.")));
            }
        }

        return warnings;
    }

    private static decimal? Comparable(SuccessMeasure measure, MeasureValue value) => value switch
    {
        CountValue count when measure.Kind == MeasureKind.Count => count.Value,
        AmountValue amount when measure.Kind == MeasureKind.Amount => amount.Value,
        RatioValue ratio when measure.Kind == MeasureKind.Ratio => measure.RatioValue(ratio.Numerator, ratio.Denominator),
        _ => null,
    };

    private static ReturnCheck Refused(ReturnFieldError error) => new(null, [error], []);

    private static Dictionary<string, MeasureValue> ReadValues(JsonNode? node, Strategy strategy, Partner partner, IReadOnlyList<SuccessMeasure> partnerMeasures, List<ReturnFieldError> errors)
    {
        var values = new Dictionary<string, MeasureValue>(StringComparer.Ordinal);
        if (node is null)
        {
            return values;
        }

        if (node is not JsonObject given)
        {
            errors.Add(new ReturnFieldError("values", "Values must be an object of measure ids and their values."));
            return values;
        }

        foreach (var (id, valueNode) in given)
        {
            var field = $"values.{id}";
            var measure = partnerMeasures.FirstOrDefault(m => m.Id == id);
            if (measure is null)
            {
                errors.Add(new ReturnFieldError(field, strategy.FindMeasure(id) switch
                {
                    null => $"'{id}' is not a success measure of this strategy.",
                    { IsSubmitted: false } known => $"{known.Name} is worked out from pulse surveys; it is not part of a return.",
                    var known => $"{known.Name} does not apply to {partner.Name} ({partner.Sector.ToName()} partners do not report it).",
                }));
                continue;
            }

            // null is a measure left blank, like leaving it out.
            if (valueNode is not null && ReadValue(measure, valueNode, field, errors) is { } value)
            {
                values[id] = value;
            }
        }

        return values;
    }

    private static MeasureValue? ReadValue(SuccessMeasure measure, JsonNode node, string field, List<ReturnFieldError> errors)
    {
        switch (measure.Kind)
        {
            case MeasureKind.Count:
                return ReadNumber(node, field, measure.Name, errors, wholeNumber: true) is { } count ? new CountValue((long)count) : null;
            case MeasureKind.Amount:
                return ReadNumber(node, field, measure.Name, errors, wholeNumber: false) is { } amount ? new AmountValue(amount) : null;
            case MeasureKind.YesNo:
                if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    return new YesNoValue(v.GetValue<bool>());
                }

                errors.Add(new ReturnFieldError(field, $"Answer yes or no for {measure.Name} (true or false)."));
                return null;
            case MeasureKind.Ratio:
                return ReadRatio(measure, node, field, errors);
            default:
                errors.Add(new ReturnFieldError(field, $"{measure.Name} is not part of a return."));
                return null;
        }
    }

    private static RatioValue? ReadRatio(SuccessMeasure measure, JsonNode node, string field, List<ReturnFieldError> errors)
    {
        var numeratorName = measure.NumeratorLabel ?? $"{measure.Name} numerator";
        var denominatorName = measure.DenominatorLabel ?? $"{measure.Name} denominator";
        if (node is not JsonObject ratio)
        {
            errors.Add(new ReturnFieldError(field, $"{measure.Name} needs two figures: {numeratorName} and {denominatorName} ({{\"numerator\": n, \"denominator\": d}})."));
            return null;
        }

        foreach (var (name, _) in ratio)
        {
            if (name is not ("numerator" or "denominator"))
            {
                errors.Add(new ReturnFieldError($"{field}.{name}", $"'{name}' is not part of a ratio: send numerator and denominator."));
            }
        }

        var before = errors.Count;
        var numerator = ratio["numerator"] is { } n ? ReadNumber(n, $"{field}.numerator", numeratorName, errors, wholeNumber: false) : Missing($"{field}.numerator", numeratorName, errors);
        var denominator = ratio["denominator"] is { } d ? ReadNumber(d, $"{field}.denominator", denominatorName, errors, wholeNumber: false) : Missing($"{field}.denominator", denominatorName, errors);
        if (denominator == 0m)
        {
            errors.Add(new ReturnFieldError($"{field}.denominator", $"{denominatorName} must be more than 0."));
        }

        if (numerator is { } num && denominator is { } den and > 0m && measure.IsProportion && num > den)
        {
            errors.Add(new ReturnFieldError($"{field}.numerator", $"{numeratorName} cannot be more than {denominatorName.ToLowerInvariant()} ({den.ToString(CultureInfo.InvariantCulture)})."));
        }

        return errors.Count == before && numerator is { } a && denominator is { } b ? new RatioValue(a, b) : null;
    }

    private static decimal? Missing(string field, string name, List<ReturnFieldError> errors)
    {
        errors.Add(new ReturnFieldError(field, $"Enter {name.ToLowerInvariant()}."));
        return null;
    }

    private static decimal? ReadNumber(JsonNode node, string field, string name, List<ReturnFieldError> errors, bool wholeNumber)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            errors.Add(new ReturnFieldError(field, $"{name} must be a number."));
            return null;
        }

        // Out of decimal's range (1e400) is as absurd as anything above the maximum.
        if (!value.TryGetValue<decimal>(out var number) || Math.Abs(number) > MaximumMagnitude)
        {
            errors.Add(new ReturnFieldError(field, $"{name} must be no more than {Formatting.Number(MaximumMagnitude, 0)}."));
            return null;
        }

        if (number < 0m)
        {
            errors.Add(new ReturnFieldError(field, $"{name} cannot be negative."));
            return null;
        }

        if (wholeNumber && number != decimal.Truncate(number))
        {
            errors.Add(new ReturnFieldError(field, $"{name} must be a whole number."));
            return null;
        }

        return number;
    }

    private static ReturnNarrative ReadNarrative(JsonNode? node, List<ReturnFieldError> errors)
    {
        if (node is null)
        {
            return ReturnNarrative.Empty;
        }

        if (node is not JsonObject narrative)
        {
            errors.Add(new ReturnFieldError("narrative", "The narrative must be an object with achievements, nextSteps and risks."));
            return ReturnNarrative.Empty;
        }

        foreach (var (name, _) in narrative)
        {
            if (!NarrativeFields.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(new ReturnFieldError($"narrative.{name}", $"'{name}' is not part of the narrative: send achievements, nextSteps and risks."));
            }
        }

        return new ReturnNarrative(
            ReadText(narrative["achievements"], "narrative.achievements", "Achievements", NarrativeMaxLength, errors),
            ReadText(narrative["nextSteps"], "narrative.nextSteps", "Next steps", NarrativeMaxLength, errors),
            ReadText(narrative["risks"], "narrative.risks", "Risks and issues", NarrativeMaxLength, errors));
    }

    private static string? ReadText(JsonNode? node, string field, string name, int maxLength, List<ReturnFieldError> errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new ReturnFieldError(field, $"{name} must be text."));
            return null;
        }

        // Line endings count once whichever way the browser sent them, so a limit shown to people matches what they typed.
        var text = value.GetValue<string>().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > maxLength)
        {
            errors.Add(new ReturnFieldError(field, $"{name} must be {Formatting.Count(maxLength)} characters or fewer (it has {Formatting.Count(text.Length)})."));
            return null;
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            errors.Add(new ReturnFieldError(field, $"{name} contains control characters."));
            return null;
        }

        return text.Length == 0 ? null : text;
    }
}
