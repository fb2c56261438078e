using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Highlights;

/// <summary>A risk as the log stood at the end of a period, with how it moved and whether it goes up the chain.</summary>
public sealed record RiskAtPeriod(RiskEntry Risk, RiskChange Change, bool IsEscalated);

/// <summary>
/// What the programme's lead has put to the board for a period: the highlight and its sign-off, the risk
/// log and the milestones, each as it stood at the end of the period.
/// </summary>
public sealed record ProgrammeAssurance(string ProgrammeId, HighlightSignOff SignOff, IReadOnlyList<RiskAtPeriod> Risks, IReadOnlyList<MilestoneAtPeriod> Milestones)
{
    public IReadOnlyList<RiskAtPeriod> EscalatedRisks => [.. Risks.Where(risk => risk.IsEscalated)];

    public IReadOnlyList<MilestoneAtPeriod> SlippingMilestones => [.. Milestones.Where(milestone => milestone.IsSlipping)];

    /// <summary>Nothing written or logged: what a programme's report shows before its lead has started.</summary>
    public static ProgrammeAssurance Empty(string programmeId) => new(programmeId, HighlightSignOff.From([]), [], []);

    /// <summary>
    /// Reads the log as it stood at the end of <paramref name="period"/>: for each risk and milestone the
    /// latest version made in or before it. Versions made later are ignored, so a past period's report is
    /// the same whenever it is rendered.
    /// </summary>
    /// <param name="highlights">The programme's highlight versions for this period.</param>
    /// <param name="risks">Every version of the programme's risks, any period.</param>
    /// <param name="milestones">Every version of the programme's milestone records, any period.</param>
    public static ProgrammeAssurance Build(
        Strategy strategy,
        Programme programme,
        Period period,
        IReadOnlyList<LeadHighlight> highlights,
        IReadOnlyList<RiskEntry> risks,
        IReadOnlyList<MilestoneEntry> milestones)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(highlights);
        ArgumentNullException.ThrowIfNull(risks);
        ArgumentNullException.ThrowIfNull(milestones);
        var signOff = HighlightSignOff.From([.. highlights.Where(h => h.ProgrammeId == programme.Id && h.Period == period)]);
        return new ProgrammeAssurance(
            programme.Id,
            signOff,
            RisksAt(risks.Where(r => r.ProgrammeId == programme.Id), period, strategy.EscalationScore),
            MilestonesAt(programme, milestones.Where(m => m.ProgrammeId == programme.Id), period));
    }

    /// <summary>
    /// The risks closed in a period before <paramref name="period"/>: they have left its log (see
    /// <see cref="Build"/>) but stay in the programme's record, each as its latest version by then.
    /// </summary>
    /// <param name="risks">Every version of one programme's risks, any period.</param>
    public static IReadOnlyList<RiskEntry> RisksClosedBefore(IEnumerable<RiskEntry> risks, Period period)
    {
        ArgumentNullException.ThrowIfNull(risks);
        return [.. risks
            .GroupBy(v => v.RiskId, StringComparer.Ordinal)
            .Where(risk => LatestBy(risk, v => v.Period < period) is { IsOpen: false })
            .Select(risk => LatestBy(risk, v => v.Period <= period)!)
            .Where(current => !current.IsOpen)
            .OrderBy(r => r.RiskId, StringComparer.Ordinal)];
    }

    private static List<RiskAtPeriod> RisksAt(IEnumerable<RiskEntry> versions, Period period, int escalationScore)
    {
        var result = new List<RiskAtPeriod>();
        foreach (var risk in versions.GroupBy(v => v.RiskId, StringComparer.Ordinal))
        {
            var current = LatestBy(risk, v => v.Period <= period);
            if (current is null)
            {
                continue;
            }

            var previous = LatestBy(risk, v => v.Period < period);
            if (!current.IsOpen && previous is { IsOpen: false })
            {
                // Closed in an earlier period: it has left the log.
                continue;
            }

            var change = !current.IsOpen ? RiskChange.Closed
                : previous is null || !previous.IsOpen ? RiskChange.New
                : current.Score > previous.Score ? RiskChange.Increased
                : current.Score < previous.Score ? RiskChange.Decreased
                : RiskChange.Unchanged;
            result.Add(new RiskAtPeriod(current, change, current.IsEscalated(escalationScore)));
        }

        return [.. result
            .OrderByDescending(r => r.IsEscalated)
            .ThenByDescending(r => r.Risk.IsOpen)
            .ThenByDescending(r => r.Risk.Score)
            .ThenBy(r => r.Risk.RiskId, StringComparer.Ordinal)];
    }

    private static List<MilestoneAtPeriod> MilestonesAt(Programme programme, IEnumerable<MilestoneEntry> versions, Period period)
    {
        var latest = versions
            .Where(v => v.Period <= period)
            .GroupBy(v => v.MilestoneId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!, StringComparer.Ordinal);
        var result = new List<MilestoneAtPeriod>();
        foreach (var declared in programme.DeclaredMilestones)
        {
            latest.Remove(declared.Id, out var entry);
            var status = entry?.Details.Status ?? MilestoneStatus.NotStarted;
            result.Add(At(declared.Id, declared.Name, declared.Due, entry?.Details.Owner ?? declared.Owner, status, true, entry?.Version ?? 0, period));
        }

        // Ids added by the lead; an entry for a milestone the strategy has since dropped stays visible as the lead's own.
        foreach (var entry in latest.Values.OrderBy(e => e.Details.Due).ThenBy(e => e.MilestoneId, StringComparer.Ordinal))
        {
            result.Add(At(entry.MilestoneId, entry.Details.Name, entry.Details.Due, entry.Details.Owner, entry.Details.Status, false, entry.Version, period));
        }

        return [.. result.OrderBy(m => m.Due).ThenBy(m => m.MilestoneId, StringComparer.Ordinal)];
    }

    private static MilestoneAtPeriod At(string id, string name, Period due, string? owner, MilestoneStatus status, bool declared, int version, Period period)
    {
        var (rag, label) = MilestoneRules.Judge(due, status, period);
        return new MilestoneAtPeriod(id, name, due, owner, status, declared, version, rag, label);
    }

    private static RiskEntry? LatestBy(IEnumerable<RiskEntry> versions, Func<RiskEntry, bool> within) =>
        versions.Where(within).MaxBy(v => v.Version);

    /// <summary>
    /// A short fingerprint of what the lead has written and logged for a period's reports: the highlight
    /// versions and the log versions the reports read. Equal fingerprints mean the reports need not change.
    /// </summary>
    public static string Fingerprint(IEnumerable<ProgrammeAssurance> programmes)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        var text = new StringBuilder();
        foreach (var programme in programmes.OrderBy(p => p.ProgrammeId, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{programme.ProgrammeId}:h{programme.SignOff.Highlight?.Version ?? 0}/{programme.SignOff.LatestVersion}");
            foreach (var risk in programme.Risks)
            {
                text.Append(CultureInfo.InvariantCulture, $";r{risk.Risk.RiskId}@{risk.Risk.Version}");
            }

            foreach (var milestone in programme.Milestones)
            {
                text.Append(CultureInfo.InvariantCulture, $";m{milestone.MilestoneId}@{milestone.Version}");
            }

            text.Append('\n');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 8));
    }
}
