using System.Globalization;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Functions.Highlights;

/// <summary>
/// The use cases behind the lead's highlight and the risk and milestone logs, shared by the API and the
/// lead's pages: each save checks the rules, names every bad field, and adds a new version.
/// </summary>
public sealed class ProgrammeLogs(ProgrammeLogStore store, TimeProvider time)
{
    // Two saves racing for the same version number: the loser reads again and takes the next one.
    private const int Attempts = 5;

    /// <summary>The period a log change counts for when none is named: the latest whose returns window has opened, the one leads are reporting on.</summary>
    public Period ReportingPeriod(Strategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var now = time.GetUtcNow();
        var open = strategy.Periods.LastOrDefault(period => strategy.Calendar.WindowFor(period).StateAt(now) != ReturnsWindowState.NotYetOpen);
        return open == default ? strategy.FirstPeriod : open;
    }

    public Task<ProgrammeLog> GetAsync(string partnershipId, string programmeId, CancellationToken cancellationToken = default) =>
        store.GetAsync(partnershipId, programmeId, cancellationToken);

    /// <summary>What every programme of the strategy has put to the board for the period.</summary>
    public async Task<IReadOnlyList<ProgrammeAssurance>> AssuranceAsync(Strategy strategy, Period period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var result = new List<ProgrammeAssurance>();
        foreach (var programme in strategy.Programmes)
        {
            var log = await store.GetAsync(strategy.PartnershipId, programme.Id, cancellationToken);
            result.Add(ProgrammeAssurance.Build(strategy, programme, period, log.Highlights, log.Risks, log.Milestones));
        }

        return result;
    }

    /// <summary>Saves the lead's highlight for the period as a new version, draft or submitted.</summary>
    public async Task<LeadHighlight> SaveHighlightAsync(Strategy strategy, Programme programme, Period period, HighlightText text, HighlightStatus status, string savedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(text);
        RequireCovered(strategy, period, "period");
        var clean = text.Normalised();
        ThrowIfAny(HighlightRules.Check(clean, status));
        return await AddNextAsync(
            strategy,
            programme,
            log => new LeadHighlight(strategy.PartnershipId, period, programme.Id, log.Highlights.Where(h => h.Period == period).Select(h => h.Version).DefaultIfEmpty().Max() + 1, status, clean, savedBy, time.GetUtcNow()),
            store.AddAsync,
            cancellationToken);
    }

    /// <summary>Reads the log, makes the next version from it and adds it; a save that lost the race for its version number reads again.</summary>
    private async Task<T> AddNextAsync<T>(Strategy strategy, Programme programme, Func<ProgrammeLog, T> next, Func<T, CancellationToken, Task<bool>> add, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var entry = next(await store.GetAsync(strategy.PartnershipId, programme.Id, cancellationToken));
            if (await add(entry, cancellationToken))
            {
                return entry;
            }
        }

        throw Busy();
    }

    /// <summary>Adds a risk to the programme's log; its id is made here, <c>risk-1</c>, <c>risk-2</c> and on.</summary>
    public Task<RiskEntry> AddRiskAsync(Strategy strategy, Programme programme, RiskDetails details, Period? period, string savedBy, CancellationToken cancellationToken = default) =>
        SaveRiskAsync(strategy, programme, null, details, period, savedBy, cancellationToken);

    /// <summary>Records a new version of a risk already in the log (a 404 otherwise).</summary>
    public Task<RiskEntry> UpdateRiskAsync(Strategy strategy, Programme programme, string riskId, RiskDetails details, Period? period, string savedBy, CancellationToken cancellationToken = default) =>
        SaveRiskAsync(strategy, programme, riskId, details, period, savedBy, cancellationToken);

    private async Task<RiskEntry> SaveRiskAsync(Strategy strategy, Programme programme, string? riskId, RiskDetails details, Period? period, string savedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        var at = LogPeriod(strategy, period);
        var clean = details with { Description = details.Description.Trim(), Owner = details.Owner.Trim(), Mitigations = string.IsNullOrWhiteSpace(details.Mitigations) ? null : details.Mitigations.Trim() };
        ThrowIfAny(RiskRules.Check(clean));
        return await AddNextAsync(
            strategy,
            programme,
            log =>
            {
                var (id, version) = riskId is null
                    ? (NewId("risk", log.Risks.Select(r => r.RiskId)), 1)
                    : (riskId, NextVersion(log.Risks.Where(r => r.RiskId == riskId).Select(r => r.Version), "risk", riskId));
                return new RiskEntry(strategy.PartnershipId, programme.Id, id, version, at, clean, savedBy, time.GetUtcNow());
            },
            store.AddAsync,
            cancellationToken);
    }

    /// <summary>Adds a milestone of the lead's own to the programme's action plan.</summary>
    public Task<MilestoneEntry> AddMilestoneAsync(Strategy strategy, Programme programme, MilestoneDetails details, Period? period, string savedBy, CancellationToken cancellationToken = default) =>
        SaveMilestoneAsync(strategy, programme, null, details, period, savedBy, cancellationToken);

    /// <summary>
    /// Records progress on a milestone: a declared one keeps the strategy's name and due quarter (only its
    /// status and owner change, so slippage stays visible); one the lead added may be renamed and re-planned.
    /// </summary>
    public Task<MilestoneEntry> UpdateMilestoneAsync(Strategy strategy, Programme programme, string milestoneId, MilestoneDetails details, Period? period, string savedBy, CancellationToken cancellationToken = default) =>
        SaveMilestoneAsync(strategy, programme, milestoneId, details, period, savedBy, cancellationToken);

    private async Task<MilestoneEntry> SaveMilestoneAsync(Strategy strategy, Programme programme, string? milestoneId, MilestoneDetails details, Period? period, string savedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        var at = LogPeriod(strategy, period);
        var declared = milestoneId is null ? null : programme.DeclaredMilestones.FirstOrDefault(m => m.Id == milestoneId);
        var clean = declared is not null
            ? details with { Name = declared.Name, Due = declared.Due, Owner = Clean(details.Owner) ?? declared.Owner }
            : details with { Name = details.Name.Trim(), Owner = Clean(details.Owner) };
        var errors = MilestoneRules.Check(clean, declared is not null).ToList();
        if (declared is null && !strategy.Covers(clean.Due))
        {
            errors.Add(new("due", $"{clean.Due.Id} is outside the strategy's span, {strategy.FirstPeriod.Id} to {strategy.LastPeriod.Id}"));
        }

        ThrowIfAny(errors);
        return await AddNextAsync(
            strategy,
            programme,
            log =>
            {
                var taken = log.Milestones.Select(m => m.MilestoneId).Concat(programme.DeclaredMilestones.Select(m => m.Id));
                var versions = log.Milestones.Where(m => m.MilestoneId == milestoneId).Select(m => m.Version).ToList();
                var (id, version) = milestoneId is null
                    ? (NewId("milestone", taken), 1)
                    : (milestoneId, declared is not null ? versions.DefaultIfEmpty().Max() + 1 : NextVersion(versions, "milestone", milestoneId));
                return new MilestoneEntry(strategy.PartnershipId, programme.Id, id, version, at, clean, savedBy, time.GetUtcNow());
            },
            store.AddAsync,
            cancellationToken);
    }

    private Period LogPeriod(Strategy strategy, Period? period)
    {
        var at = period ?? ReportingPeriod(strategy);
        RequireCovered(strategy, at, "period");
        return at;
    }

    private static void RequireCovered(Strategy strategy, Period period, string field)
    {
        if (!strategy.Covers(period))
        {
            throw new ValidationFailedException(field, $"{period.Id} is outside the strategy's span, {strategy.FirstPeriod.Id} to {strategy.LastPeriod.Id}.");
        }
    }

    private static int NextVersion(IEnumerable<int> versions, string what, string id)
    {
        var latest = versions.DefaultIfEmpty().Max();
        return latest == 0 ? throw new NotFoundException(what, id) : latest + 1;
    }

    private static string NewId(string prefix, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var n = used.Count + 1;
        while (used.Contains(Id(prefix, n)))
        {
            n++;
        }

        return Id(prefix, n);
    }

    private static string Id(string prefix, int n) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n}");

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void ThrowIfAny(IReadOnlyList<LogFieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }
    }

    private static ConflictException Busy() =>
        new ConflictException("Saved by someone else at the same moment", "Another save to this log arrived at the same time; read it again and retry.");
}
