using System.Globalization;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Exports;

/// <summary>One data row of an uploaded table: its row number as a spreadsheet shows it (the header is row 1) and its cells by column name.</summary>
public sealed record ImportRow(int Number, IReadOnlyDictionary<string, string?> Cells);

/// <summary>A problem with one cell (or a whole row when <paramref name="Column"/> is null).</summary>
public sealed record ImportProblem(int Row, string? Column, string Message)
{
    public string Field => Column is null ? $"row {Row}" : $"row {Row}, {Column}";
}

/// <summary>
/// A partner's part of an upload as the body of a return submission: the values the file gives, the partner's
/// other current values and narrative carried over, so each partner becomes one new version.
/// </summary>
/// <param name="Rows">Which file row gave each measure, to point a later validation error back at its row.</param>
public sealed record PartnerUpload(string PartnerId, JsonObject Body, IReadOnlyDictionary<string, int> Rows);

/// <summary>
/// Reads an uploaded returns table (the returns export's layout) into one return body per partner. Only the key
/// columns and the figures are read: <c>period</c>, <c>partner_id</c>, <c>measure_id</c>, and <c>value</c> (counts,
/// amounts, yes-no as 1/0, yes/no or true/false) or <c>numerator</c> and <c>denominator</c> (ratios). A blank
/// figure clears the value; a measure without a row keeps its current value. Every problem is collected.
/// </summary>
public static class ReturnsImport
{
    public static IReadOnlyList<string> RequiredColumns { get; } =
        [ReturnsTable.Period, ReturnsTable.PartnerId, ReturnsTable.MeasureId, ReturnsTable.Value, ReturnsTable.Numerator, ReturnsTable.Denominator];

    public static (IReadOnlyList<PartnerUpload> Uploads, IReadOnlyList<ImportProblem> Problems) Read(
        IEnumerable<ImportRow> rows, Strategy strategy, Period period, Func<string, QuarterlyReturn?> latestOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(latestOf);
        var problems = new List<ImportProblem>();
        var byPartner = new Dictionary<string, (Partner Partner, Dictionary<string, (int Row, JsonNode? Value)> Values)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var periodText = Cell(row, ReturnsTable.Period);
            if (periodText != period.Id)
            {
                problems.Add(new ImportProblem(row.Number, ReturnsTable.Period, $"'{periodText}' is not {period.Id}, the period this upload is for."));
            }

            var partnerId = Cell(row, ReturnsTable.PartnerId);
            var partner = partnerId is null ? null : strategy.FindPartner(partnerId);
            if (partner is null)
            {
                problems.Add(new ImportProblem(row.Number, ReturnsTable.PartnerId, $"'{partnerId}' is not a partner of {strategy.Name}."));
            }

            var measureId = Cell(row, ReturnsTable.MeasureId);
            var measure = measureId is null ? null : strategy.FindMeasure(measureId);
            if (measure is null)
            {
                problems.Add(new ImportProblem(row.Number, ReturnsTable.MeasureId, $"'{measureId}' is not a success measure of {strategy.Name}."));
                continue;
            }

            if (!measure.IsSubmitted)
            {
                problems.Add(new ImportProblem(row.Number, ReturnsTable.MeasureId, $"{measure.Name} is worked out from pulse surveys; it is not part of a return."));
                continue;
            }

            if (partner is null)
            {
                continue;
            }

            if (!Strategy.AppliesTo(measure, partner))
            {
                problems.Add(new ImportProblem(row.Number, ReturnsTable.MeasureId, $"{measure.Name} does not apply to {partner.Name}."));
                continue;
            }

            if (!byPartner.TryGetValue(partner.Id, out var upload))
            {
                upload = (partner, new Dictionary<string, (int, JsonNode?)>(StringComparer.Ordinal));
                byPartner[partner.Id] = upload;
            }

            if (upload.Values.TryGetValue(measure.Id, out var earlier))
            {
                problems.Add(new ImportProblem(row.Number, ReturnsTable.MeasureId, $"{measure.Name} for {partner.Name} is already on row {earlier.Row}."));
                continue;
            }

            // A figure that cannot be read is recorded as given (its problem already listed), so the current value is not carried over in its place.
            upload.Values[measure.Id] = (row.Number, ReadValue(row, measure, problems, out var value) ? value : null);
        }

        var uploads = new List<PartnerUpload>();
        foreach (var (partnerId, (partner, values)) in byPartner)
        {
            var latest = latestOf(partnerId);
            var body = new JsonObject();
            // In the strategy's order, so the same file against the same return always makes the same body.
            var merged = new JsonObject();
            foreach (var measure in strategy.MeasuresFor(partner))
            {
                if (values.TryGetValue(measure.Id, out var given))
                {
                    merged[measure.Id] = given.Value;
                }
                else if (latest?.Values.GetValueOrDefault(measure.Id) is { } current)
                {
                    // Through text, as a parsed body would be: a node built from a long will not read as a decimal.
                    merged[measure.Id] = JsonNode.Parse(MeasureValueJson.ToNode(current).ToJsonString());
                }
            }

            body["values"] = merged;
            if (latest is not null)
            {
                body["narrative"] = new JsonObject
                {
                    ["achievements"] = latest.Narrative.Achievements,
                    ["nextSteps"] = latest.Narrative.NextSteps,
                    ["risks"] = latest.Narrative.Risks,
                };
            }

            uploads.Add(new PartnerUpload(partnerId, body, values.ToDictionary(p => p.Key, p => p.Value.Row, StringComparer.Ordinal)));
        }

        return (uploads, problems);
    }

    /// <summary>Turns a return validation error (<c>values.sickness.denominator</c>) back into the row and column it came from.</summary>
    public static ImportProblem ToProblem(PartnerUpload upload, ReturnFieldError error)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(error);
        var parts = error.Field.Split('.');
        if (parts.Length >= 2 && parts[0] == "values" && upload.Rows.TryGetValue(parts[1], out var row))
        {
            return new ImportProblem(row, parts.Length == 3 ? parts[2] : ReturnsTable.Value, error.Message);
        }

        return new ImportProblem(upload.Rows.Values.DefaultIfEmpty(0).Min(), null, $"{upload.PartnerId}: {error.Message}");
    }

    private static bool ReadValue(ImportRow row, SuccessMeasure measure, List<ImportProblem> problems, out JsonNode? value)
    {
        value = null;
        if (measure.Kind == MeasureKind.Ratio)
        {
            var numeratorText = Cell(row, ReturnsTable.Numerator);
            var denominatorText = Cell(row, ReturnsTable.Denominator);
            if (numeratorText is null && denominatorText is null)
            {
                return true;
            }

            var numerator = Number(row, ReturnsTable.Numerator, numeratorText, problems);
            var denominator = Number(row, ReturnsTable.Denominator, denominatorText, problems);
            if (numerator is null || denominator is null)
            {
                return false;
            }

            value = new JsonObject { ["numerator"] = numerator, ["denominator"] = denominator };
            return true;
        }

        var text = Cell(row, ReturnsTable.Value);
        if (text is null)
        {
            return true;
        }

        if (measure.Kind == MeasureKind.YesNo)
        {
            bool? answer = text.ToUpperInvariant() switch
            {
                "1" or "YES" or "TRUE" => true,
                "0" or "NO" or "FALSE" => false,
                _ => null,
            };
            if (answer is null)
            {
                problems.Add(new ImportProblem(row.Number, ReturnsTable.Value, $"Answer yes or no for {measure.Name} (yes, no, 1 or 0), not '{text}'."));
                return false;
            }

            value = answer.Value;
            return true;
        }

        if (Number(row, ReturnsTable.Value, text, problems) is not { } number)
        {
            return false;
        }

        value = number;
        return true;
    }

    private static decimal? Number(ImportRow row, string column, string? text, List<ImportProblem> problems)
    {
        if (text is null)
        {
            problems.Add(new ImportProblem(row.Number, column, "Enter a number."));
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add(new ImportProblem(row.Number, column, $"'{text}' is not a number."));
        return null;
    }

    private static string? Cell(ImportRow row, string column)
    {
        var text = row.Cells.GetValueOrDefault(column)?.Trim();
        return string.IsNullOrEmpty(text) ? null : SpreadsheetText.Restore(text);
    }
}
