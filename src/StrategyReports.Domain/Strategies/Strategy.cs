using StrategyReports.Domain.Periods;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Strategies;

/// <summary>A partner organisation of the partnership, which submits quarterly returns.</summary>
/// <param name="Headcount">Staff employed; the denominator of survey response rates.</param>
/// <param name="ReturnsContact">The e-mail address reminders about missing returns go to (a shared mailbox, say); null when the strategy names none.</param>
public sealed record Partner(string Id, string Name, Sector Sector, int Headcount, string? ReturnsContact = null);

/// <summary>A governance group that receives highlight reports and board packs.</summary>
/// <param name="ReportsTo">The group this one reports to, if any; chains may not loop.</param>
public sealed record AssuranceGroup(string Id, string Name, string? ReportsTo = null);

/// <summary>A milestone of a programme's action plan as the strategy declares it; leads record its progress.</summary>
/// <param name="Due">The quarter it is due by: its RAG is judged from this.</param>
public sealed record DeclaredMilestone(string Id, string Name, Period Due, string? Owner = null);

/// <summary>A programme (delivery group, pillar, priority) with its success measures.</summary>
/// <param name="Lead">Who leads it, as the strategy names them.</param>
/// <param name="AssuranceGroupIds">The assurance groups its highlight reports go to.</param>
/// <param name="Milestones">Its action plan's milestones declared in the strategy; null (as in documents written before milestones) reads as none.</param>
public sealed record Programme(
    string Id,
    string Name,
    string Lead,
    IReadOnlyList<string> AssuranceGroupIds,
    IReadOnlyList<SuccessMeasure> Measures,
    OverallRagRule OverallRagRule = OverallRagRule.WorstOfMeasures,
    string? Description = null,
    IReadOnlyList<DeclaredMilestone>? Milestones = null)
{
    public IReadOnlyList<DeclaredMilestone> DeclaredMilestones => Milestones ?? [];
}

/// <summary>
/// One published version of a partnership's strategy: the definition every return, survey,
/// rollup and report is checked against. Build it with <see cref="StrategyDocument.Parse"/>,
/// which validates it; the constructor checks nothing.
/// </summary>
/// <param name="FirstPeriod">The first quarter of the reporting span; targets must fall within the span.</param>
/// <param name="LastPeriod">The last quarter of the reporting span.</param>
/// <param name="RiskEscalationScore">The risk score (1–25) at which a programme's risk is escalated up the assurance chain; null for the default, 15.</param>
public sealed record Strategy(
    string PartnershipId,
    string Name,
    string? Description,
    IReadOnlyList<Partner> Partners,
    IReadOnlyList<Programme> Programmes,
    IReadOnlyList<AssuranceGroup> AssuranceGroups,
    IReadOnlyList<PulseSurvey> Surveys,
    ReportingCalendar Calendar,
    Period FirstPeriod,
    Period LastPeriod,
    int? RiskEscalationScore = null)
{
    /// <summary>The score from which risks are escalated when the strategy names none: the bottom of the "extreme" band.</summary>
    public const int DefaultRiskEscalationScore = 15;

    /// <summary>The risk score at which a risk is escalated.</summary>
    public int EscalationScore => RiskEscalationScore ?? DefaultRiskEscalationScore;

    /// <summary>Every period of the reporting span, in order.</summary>
    public IEnumerable<Period> Periods => Period.Range(FirstPeriod, LastPeriod);

    /// <summary>Every success measure of every programme, in document order.</summary>
    public IEnumerable<SuccessMeasure> Measures => Programmes.SelectMany(programme => programme.Measures);

    /// <summary>True when the period lies in the reporting span.</summary>
    public bool Covers(Period period) => period >= FirstPeriod && period <= LastPeriod;

    /// <summary>True when the partner is expected to report the measure (its sector is among those the measure applies to).</summary>
    public static bool AppliesTo(SuccessMeasure measure, Partner partner)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(partner);
        return measure.AppliesToSectors.Count == 0 || measure.AppliesToSectors.Contains(partner.Sector);
    }

    /// <summary>The measures the partner submits in its quarterly return (survey-derived ones are not submitted).</summary>
    public IReadOnlyList<SuccessMeasure> MeasuresFor(Partner partner) =>
        [.. Measures.Where(measure => measure.IsSubmitted && AppliesTo(measure, partner))];

    /// <summary>The partners expected to report a measure.</summary>
    public IReadOnlyList<Partner> PartnersReporting(SuccessMeasure measure) =>
        [.. Partners.Where(partner => AppliesTo(measure, partner))];

    public Partner? FindPartner(string id) => Partners.FirstOrDefault(partner => partner.Id == id);

    public Programme? FindProgramme(string id) => Programmes.FirstOrDefault(programme => programme.Id == id);

    public SuccessMeasure? FindMeasure(string id) => Measures.FirstOrDefault(measure => measure.Id == id);

    public PulseSurvey? FindSurvey(string id) => Surveys.FirstOrDefault(survey => survey.Id == id);

    public AssuranceGroup? FindAssuranceGroup(string id) => AssuranceGroups.FirstOrDefault(group => group.Id == id);

    /// <summary>The programme a measure belongs to.</summary>
    public Programme? ProgrammeOf(string measureId) =>
        Programmes.FirstOrDefault(programme => programme.Measures.Any(measure => measure.Id == measureId));

    /// <summary>The programmes whose highlight reports go to an assurance group: its board pack.</summary>
    public IReadOnlyList<Programme> ProgrammesOverseenBy(string assuranceGroupId) =>
        [.. Programmes.Where(programme => programme.AssuranceGroupIds.Contains(assuranceGroupId))];

    /// <summary>The groups that report to this one directly, in document order.</summary>
    public IReadOnlyList<AssuranceGroup> GroupsReportingTo(string assuranceGroupId) =>
        [.. AssuranceGroups.Where(group => group.ReportsTo == assuranceGroupId)];

    /// <summary>
    /// Every group below this one, depth first, with its depth (1 for those reporting to it directly).
    /// Validation forbids loops; the visited set stops a hand-built strategy that has one.
    /// </summary>
    public IReadOnlyList<(AssuranceGroup Group, int Depth)> GroupsBelow(string assuranceGroupId)
    {
        var below = new List<(AssuranceGroup, int)>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { assuranceGroupId };
        void Visit(string parent, int depth)
        {
            foreach (var child in GroupsReportingTo(parent).Where(child => visited.Add(child.Id)))
            {
                below.Add((child, depth));
                Visit(child.Id, depth + 1);
            }
        }

        Visit(assuranceGroupId, 1);
        return below;
    }

    /// <summary>
    /// Every group a programme's escalated items reach: the groups it reports to and, through
    /// <see cref="AssuranceGroup.ReportsTo"/>, every group above them.
    /// </summary>
    public IReadOnlySet<string> GroupsAbove(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var groupId in programme.AssuranceGroupIds)
        {
            for (var current = FindAssuranceGroup(groupId); current is not null && reached.Add(current.Id);)
            {
                current = current.ReportsTo is { } parent ? FindAssuranceGroup(parent) : null;
            }
        }

        return reached;
    }

    /// <summary>The programmes a group answers for: those it oversees and those of every group below it.</summary>
    public IReadOnlyList<Programme> ProgrammesUnder(string assuranceGroupId)
    {
        var groups = GroupsBelow(assuranceGroupId).Select(entry => entry.Group.Id).Append(assuranceGroupId).ToHashSet(StringComparer.Ordinal);
        return [.. Programmes.Where(programme => programme.AssuranceGroupIds.Any(groups.Contains))];
    }
}
