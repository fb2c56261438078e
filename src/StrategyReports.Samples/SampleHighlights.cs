using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Samples;

/// <summary>What the demo's programme leads have written and logged.</summary>
public sealed record SampleHighlightSet(IReadOnlyList<LeadHighlight> Highlights, IReadOnlyList<RiskEntry> Risks, IReadOnlyList<MilestoneEntry> Milestones);

/// <summary>
/// The demo's lead highlights, risks and milestones for the latest quarter, so every part of highlight
/// reporting shows: every programme but the last has submitted its highlight (the last is a draft); each
/// programme logs a risk or two, one of which scores in the extreme band and so rises from the programme's
/// group to every group above it; and one milestone is overdue. Deterministic: the same strategy and
/// quarter give the same set.
/// </summary>
public static class SampleHighlights
{
    /// <summary>Who the demo's entries are saved by, so nobody mistakes them for a lead's words.</summary>
    public const string SavedBy = "Sample data (demo programme lead)";

    public const string EscalatedRisk = "Short-term funding for roles spanning organisations ends before the roles are embedded";

    public const string SlippingMilestone = "Shared bank for care providers agreed";

    public static SampleHighlightSet ForDemo(Strategy strategy, Period latest, DateTimeOffset savedAt)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var highlights = new List<LeadHighlight>();
        var risks = new List<RiskEntry>();
        var milestones = new List<MilestoneEntry>();
        var previous = latest.Previous();
        for (var i = 0; i < strategy.Programmes.Count; i++)
        {
            var programme = strategy.Programmes[i];
            var last = i == strategy.Programmes.Count - 1;
            var text = new HighlightText(
                $"{programme.Name} made steady progress this quarter; the measures below show where we are ahead and where partners' data is still thin.",
                $"Partners shared practice through the {programme.Name} delivery group, and most returns arrived on time.",
                "Close the gaps the returns show, agree next quarter's actions with partners and chase missing data early.",
                i == 0 ? "Agree bridging funding for integrated roles until the recurrent budget is set." : null);
            highlights.Add(new LeadHighlight(strategy.PartnershipId, latest, programme.Id, 1, HighlightStatus.Draft, text with { DecisionsAsked = null }, SavedBy, savedAt));
            if (!last)
            {
                highlights.Add(new LeadHighlight(strategy.PartnershipId, latest, programme.Id, 2, HighlightStatus.Submitted, text, SavedBy, savedAt));
            }

            // A moderate risk in every programme, rescored since last quarter in some.
            var moderate = new RiskDetails($"Partner capacity to take part in {programme.Name} work", programme.Lead, 2, 3, "Share the work across the delivery group; meet virtually.", RiskStatus.Open, false);
            risks.Add(new RiskEntry(strategy.PartnershipId, programme.Id, "risk-1", 1, previous, moderate with { Likelihood = 3 }, SavedBy, savedAt));
            risks.Add(new RiskEntry(strategy.PartnershipId, programme.Id, "risk-1", 2, latest, moderate, SavedBy, savedAt));
            foreach (var declared in programme.DeclaredMilestones)
            {
                var status = declared.Due <= latest ? MilestoneStatus.Complete : MilestoneStatus.OnTrack;
                milestones.Add(new MilestoneEntry(strategy.PartnershipId, programme.Id, declared.Id, 1, latest, new MilestoneDetails(declared.Name, declared.Due, declared.Owner, status), SavedBy, savedAt));
            }
        }

        if (strategy.Programmes.Count > 0)
        {
            var first = strategy.Programmes[0];
            risks.Add(new RiskEntry(
                strategy.PartnershipId,
                first.Id,
                "risk-2",
                1,
                latest,
                new RiskDetails(EscalatedRisk, first.Lead, 4, 4, "Business case to the Locality Board for recurrent funding; partners asked to hold posts open meanwhile.", RiskStatus.Open, false),
                SavedBy,
                savedAt));
            milestones.Add(new MilestoneEntry(
                strategy.PartnershipId,
                strategy.Programmes[^1].Id,
                "milestone-1",
                1,
                previous,
                new MilestoneDetails(SlippingMilestone, previous, strategy.Programmes[^1].Lead, MilestoneStatus.OnTrack),
                SavedBy,
                savedAt));
        }

        return new SampleHighlightSet(highlights, risks, milestones);
    }
}
