using System.Text.Json.Nodes;

namespace StrategyReports.Domain.Returns;

/// <summary>One field that differs from the previous version: a value (with both figures) or a narrative box.</summary>
/// <param name="Field">The JSON path, e.g. <c>values.vacancies</c> or <c>narrative.risks</c>.</param>
/// <param name="From">The previous value in its JSON shape; null when it was blank (always null for narrative).</param>
/// <param name="To">The new value in its JSON shape; null when it is now blank (always null for narrative).</param>
public sealed record ReturnChange(string Field, JsonNode? From, JsonNode? To);

/// <summary>What changed from one version of a return to the next, stored with the version as JSON.</summary>
public static class ReturnChanges
{
    /// <summary>Every value and narrative box that differs; against no previous version, everything given.</summary>
    public static IReadOnlyList<ReturnChange> Between(QuarterlyReturn? previous, ReturnSubmission current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = previous?.Values ?? new Dictionary<string, MeasureValue>();
        var changes = new List<ReturnChange>();
        foreach (var id in before.Keys.Union(current.Values.Keys).Order(StringComparer.Ordinal))
        {
            var from = before.GetValueOrDefault(id);
            var to = current.Values.GetValueOrDefault(id);
            if (from != to)
            {
                changes.Add(new ReturnChange($"values.{id}", from is null ? null : MeasureValueJson.ToNode(from), to is null ? null : MeasureValueJson.ToNode(to)));
            }
        }

        var was = previous?.Narrative ?? ReturnNarrative.Empty;
        var now = current.Narrative;
        // Narrative text stays in the versions themselves; the change log only says which box moved.
        if (was.Achievements != now.Achievements)
        {
            changes.Add(new ReturnChange("narrative.achievements", null, null));
        }

        if (was.NextSteps != now.NextSteps)
        {
            changes.Add(new ReturnChange("narrative.nextSteps", null, null));
        }

        if (was.Risks != now.Risks)
        {
            changes.Add(new ReturnChange("narrative.risks", null, null));
        }

        return changes;
    }

    /// <summary>The changes as stored: <c>[{"field": "values.x", "from": 1, "to": 2}, {"field": "narrative.risks"}]</c>.</summary>
    public static string ToJson(IReadOnlyList<ReturnChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var array = new JsonArray();
        foreach (var change in changes)
        {
            var item = new JsonObject { ["field"] = change.Field };
            if (change.Field.StartsWith("values.", StringComparison.Ordinal))
            {
                item["from"] = change.From?.DeepClone();
                item["to"] = change.To?.DeepClone();
            }

            array.Add(item);
        }

        return array.ToJsonString();
    }
}
