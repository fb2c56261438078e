using System.Globalization;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Strategies;

/// <summary>What happened to one part of a strategy between two versions.</summary>
public enum StrategyChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One field of a part that differs: how it read before and how it reads now (null when it was or is not set).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>One partner, programme, measure, survey or assurance group added, removed or changed, or a change to the strategy's own settings.</summary>
/// <param name="Part">What kind of part: <c>strategy</c>, <c>assurance group</c>, <c>partner</c>, <c>programme</c>, <c>measure</c> or <c>survey</c>.</param>
/// <param name="Fields">For a change, each field that differs; empty for an addition or removal.</param>
public sealed record StrategyChange(string Part, string Id, string Name, StrategyChangeKind Kind, IReadOnlyList<FieldChange> Fields);

/// <summary>
/// What a new version of a strategy changes against the current one, part by part (partners, programmes and
/// measures matched by id), so an admin can see before publishing what a leads' report or a partner's form will
/// gain or lose. A change of document layout that means the same strategy is no change.
/// </summary>
public sealed record StrategyDiff(IReadOnlyList<StrategyChange> Changes)
{
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>The changes from <paramref name="before"/> (null before the first version: everything is added) to <paramref name="after"/>.</summary>
    public static StrategyDiff Compare(Strategy? before, Strategy after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<StrategyChange>();
        if (before is not null)
        {
            var fields = Differences(Settings(before), Settings(after));
            if (fields.Count > 0)
            {
                changes.Add(new StrategyChange("strategy", after.PartnershipId, after.Name, StrategyChangeKind.Changed, fields));
            }
        }

        Parts(changes, "assurance group", before?.AssuranceGroups ?? [], after.AssuranceGroups, g => g.Id, g => g.Name, g => new()
        {
            ["name"] = g.Name,
            ["reports to"] = g.ReportsTo,
        });
        Parts(changes, "partner", before?.Partners ?? [], after.Partners, p => p.Id, p => p.Name, p => new()
        {
            ["name"] = p.Name,
            ["sector"] = p.Sector.ToName(),
            ["headcount"] = p.Headcount.ToString(CultureInfo.InvariantCulture),
        });
        Parts(changes, "programme", before?.Programmes ?? [], after.Programmes, p => p.Id, p => p.Name, p => new()
        {
            ["name"] = p.Name,
            ["description"] = p.Description,
            ["lead"] = p.Lead,
            ["assurance groups"] = List(p.AssuranceGroupIds),
            ["overall RAG rule"] = p.OverallRagRule.ToName(),
            ["milestones"] = List(p.DeclaredMilestones.Select(m => $"{m.Id} ({m.Name}, due {m.Due.Id}{(m.Owner is null ? string.Empty : ", " + m.Owner)})")),
        });
        Parts(changes, "measure", MeasuresOf(before), MeasuresOf(after), m => m.Measure.Id, m => m.Measure.Name, m => Fields(m.ProgrammeId, m.Measure));
        Parts(changes, "survey", before?.Surveys ?? [], after.Surveys, s => s.Id, s => s.Title, s => new()
        {
            ["title"] = s.Title,
            ["description"] = s.Description,
            ["programme"] = s.ProgrammeId,
            ["opens"] = s.Opens.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["closes"] = s.Closes.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["minimum group size"] = s.MinimumGroupSize.ToString(CultureInfo.InvariantCulture),
            ["codes required for partner results"] = s.CodesRequiredForPartnerResults ? "yes" : "no",
            ["questions"] = List(s.Questions.Select(q => $"{q.Id} ({QuestionKinds.ToName(q.Kind)}: {q.Text})")),
        });
        return new StrategyDiff(changes);
    }

    private static Dictionary<string, string?> Settings(Strategy s) => new()
    {
        ["name"] = s.Name,
        ["description"] = s.Description,
        ["first period"] = s.FirstPeriod.Id,
        ["last period"] = s.LastPeriod.Id,
        ["returns open (days after quarter end)"] = s.Calendar.OpensDaysAfterQuarterEnd.ToString(CultureInfo.InvariantCulture),
        ["returns due (days after quarter end)"] = s.Calendar.DueDaysAfterQuarterEnd.ToString(CultureInfo.InvariantCulture),
        ["returns close (days after quarter end)"] = s.Calendar.ClosesDaysAfterQuarterEnd.ToString(CultureInfo.InvariantCulture),
        ["risk escalation score"] = s.EscalationScore.ToString(CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string?> Fields(string programmeId, SuccessMeasure m) => new()
    {
        ["programme"] = programmeId,
        ["name"] = m.Name,
        ["description"] = m.Description,
        ["question"] = m.Question,
        ["kind"] = m.Kind.ToName(),
        ["unit"] = m.Unit,
        ["direction"] = m.Direction.ToName(),
        ["numerator"] = m.NumeratorLabel,
        ["denominator"] = m.DenominatorLabel,
        ["proportion"] = m.Kind == MeasureKind.Ratio ? (m.IsProportion ? "yes" : "no") : null,
        ["applies to"] = m.AppliesToSectors.Count == 0 ? "every partner" : List(m.AppliesToSectors.Select(s => s.ToName())),
        ["amber tolerance"] = m.AmberTolerance.ToString(),
        ["targets"] = m.Targets.Count == 0 ? null : List(m.Targets.OrderBy(t => t.Key).Select(t => $"{t.Key.Id}: {Number(t.Value)}")),
        ["trajectory"] = m.Trajectory is { } t
            ? $"from {Number(t.BaselineValue)} in {t.BaselinePeriod.Id} to {Number(t.TargetValue)} in {t.TargetPeriod.Id}"
            : null,
        ["survey score"] = m.Survey is { } s
            ? $"{s.Score.ToName()} of survey {s.SurveyId}{(s.QuestionId is null ? string.Empty : ", question " + s.QuestionId)}{(s.Theme is null ? string.Empty : ", theme " + s.Theme)}"
            : null,
    };

    private static List<(string ProgrammeId, SuccessMeasure Measure)> MeasuresOf(Strategy? strategy) =>
        strategy is null ? [] : [.. strategy.Programmes.SelectMany(p => p.Measures.Select(m => (p.Id, m)))];

    /// <summary>Parts matched by id: those only after are added, those only before removed, in the order each version lists them.</summary>
    private static void Parts<T>(
        List<StrategyChange> changes, string part, IEnumerable<T> before, IEnumerable<T> after,
        Func<T, string> id, Func<T, string> name, Func<T, Dictionary<string, string?>> fields)
    {
        var earlier = before.GroupBy(id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var later = after.GroupBy(id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var item in after)
        {
            var key = id(item);
            if (!earlier.TryGetValue(key, out var was))
            {
                changes.Add(new StrategyChange(part, key, name(item), StrategyChangeKind.Added, []));
                continue;
            }

            var differences = Differences(fields(was), fields(item));
            if (differences.Count > 0)
            {
                changes.Add(new StrategyChange(part, key, name(item), StrategyChangeKind.Changed, differences));
            }
        }

        changes.AddRange(before.Where(item => !later.ContainsKey(id(item))).Select(item => new StrategyChange(part, id(item), name(item), StrategyChangeKind.Removed, [])));
    }

    private static List<FieldChange> Differences(Dictionary<string, string?> before, Dictionary<string, string?> after) =>
        [.. after.Where(field => !string.Equals(before.GetValueOrDefault(field.Key), field.Value, StringComparison.Ordinal))
            .Select(field => new FieldChange(field.Key, before.GetValueOrDefault(field.Key), field.Value))];

    private static string? List(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? null : text;
    }

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
