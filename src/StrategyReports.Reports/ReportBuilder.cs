using System.Globalization;
using StrategyReports.Domain;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Reports;

/// <summary>
/// Builds the report view models from a stored rollup and the strategy version it names. Every
/// figure is formatted here, once, so the HTML and the PDF say exactly the same thing; suppressed
/// survey figures and free text never reach the view model.
/// </summary>
public static class ReportBuilder
{
    public const string SampleDataNotice = "Sample data: these figures come from generated sample returns and survey responses, not from partners.";

    /// <summary>The highlight report of one programme.</summary>
    /// <param name="generatedAt">The rollup's stored ComputedAt: reports carry no clock reading of their own.</param>
    /// <param name="assurance">What the programmes' leads have written and logged for the period; none when null.</param>
    /// <exception cref="ArgumentException">The rollup has no such programme.</exception>
    public static HighlightReport Highlight(PartnershipRollup rollup, Strategy strategy, string programmeId, DateTimeOffset generatedAt, IReadOnlyList<ProgrammeAssurance>? assurance = null)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(strategy);
        var programme = rollup.Programmes.FirstOrDefault(p => p.ProgrammeId == programmeId)
            ?? throw new ArgumentException($"The rollup has no programme '{programmeId}'.", nameof(programmeId));
        var section = Section(programme, strategy, 2, AssuranceOf(assurance, programmeId), strategy.EscalationScore);
        return new HighlightReport(Header(rollup, generatedAt), $"{programme.Name} highlight report", section);
    }

    /// <summary>
    /// The board pack of one assurance group: its cover (overseen programmes, sign-off, escalated risks and
    /// decisions asked), a summary of each group below it to any depth, then each overseen programme.
    /// </summary>
    /// <exception cref="ArgumentException">The rollup has no such assurance group.</exception>
    public static BoardPack Pack(PartnershipRollup rollup, Strategy strategy, string assuranceGroupId, DateTimeOffset generatedAt, IReadOnlyList<ProgrammeAssurance>? assurance = null)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(strategy);
        var group = rollup.AssuranceGroups.FirstOrDefault(g => g.AssuranceGroupId == assuranceGroupId)
            ?? throw new ArgumentException($"The rollup has no assurance group '{assuranceGroupId}'.", nameof(assuranceGroupId));
        var programmes = Overseen(rollup, group);
        var threshold = strategy.EscalationScore;
        var lines = programmes.Select(p => new BoardPackLine(
            p.ProgrammeId,
            p.Name,
            p.Lead,
            OverallRag(p.OverallRag),
            MeasureCounts(p.Measures),
            string.Create(CultureInfo.InvariantCulture, $"{p.Completeness.Received} of {p.Completeness.Expected} returns, {p.Completeness.Accepted} accepted"),
            SignOffShort(AssuranceOf(assurance, p.ProgrammeId).SignOff))).ToList();
        var below = strategy.GroupsBelow(assuranceGroupId);
        var count = programmes.Count;
        var summary = count == 0
            ? $"{group.Name} oversees no programmes directly; {Plural(below.Count, "group reports", "groups report")} to it, summarised below."
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{count} {(count == 1 ? "programme" : "programmes")} reporting to {group.Name}: {group.Green} green, {group.Amber} amber, {group.Red} red, {group.Grey} grey.");
        if (count > 0 && below.Count > 0)
        {
            summary += $" {Plural(below.Count, "group reports", "groups report")} to it, summarised below.";
        }

        return new BoardPack(
            Header(rollup, generatedAt),
            group.AssuranceGroupId,
            group.Name,
            $"{group.Name} board pack",
            summary,
            lines,
            [.. programmes.Select(p => Section(p, strategy, 3, AssuranceOf(assurance, p.ProgrammeId), threshold))],
            SignOffSummary(programmes, assurance),
            Escalated(programmes, assurance, threshold),
            Decisions(programmes, assurance),
            [.. below.Select(entry => GroupSummary(rollup, strategy, entry.Group, entry.Depth, assurance, threshold))]);
    }

    private static List<ProgrammeRollup> Overseen(PartnershipRollup rollup, AssuranceGroupSummary group) =>
        [.. group.ProgrammeIds.Select(id => rollup.Programmes.FirstOrDefault(p => p.ProgrammeId == id)).OfType<ProgrammeRollup>()];

    private static GroupSummaryView GroupSummary(PartnershipRollup rollup, Strategy strategy, AssuranceGroup group, int depth, IReadOnlyList<ProgrammeAssurance>? assurance, int threshold)
    {
        var summary = rollup.AssuranceGroups.FirstOrDefault(g => g.AssuranceGroupId == group.Id);
        var programmes = summary is null ? [] : Overseen(rollup, summary);
        var through = depth > 1 && group.ReportsTo is { } parent ? $"Reports through {strategy.FindAssuranceGroup(parent)?.Name ?? parent}." : string.Empty;
        var text = programmes.Count == 0
            ? "Oversees no programmes directly."
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{Plural(programmes.Count, "programme", "programmes")}: {summary!.Green} green, {summary.Amber} amber, {summary.Red} red, {summary.Grey} grey. {SignOffSummary(programmes, assurance)}");
        var red = programmes
            .SelectMany(p => p.Measures.Where(m => m.Rag == Rag.Red && !m.IsSuppressed).Select(m => new RedMeasureLine(
                p.Name,
                m.Name,
                Formatting.Actual(m),
                m.Target is { } t ? Formatting.Value(m.Kind, m.Unit, t) : "No target",
                Formatting.Gap(m))))
            .ToList();
        var slippage = programmes
            .SelectMany(p => AssuranceOf(assurance, p.ProgrammeId).SlippingMilestones.Select(m => new SlippageLine(p.Name, m.Name, Formatting.Period(m.Due), Chip(m.Rag, m.RagLabel))))
            .ToList();
        return new GroupSummaryView(group.Id, group.Name, depth, through, text, red, Escalated(programmes, assurance, threshold), Decisions(programmes, assurance), slippage, programmes.Count > 0);
    }

    private static ProgrammeAssurance AssuranceOf(IReadOnlyList<ProgrammeAssurance>? assurance, string programmeId) =>
        assurance?.FirstOrDefault(a => a.ProgrammeId == programmeId) ?? ProgrammeAssurance.Empty(programmeId);

    private static List<EscalatedRiskLine> Escalated(IReadOnlyList<ProgrammeRollup> programmes, IReadOnlyList<ProgrammeAssurance>? assurance, int threshold) =>
        [.. programmes.SelectMany(p => AssuranceOf(assurance, p.ProgrammeId).EscalatedRisks.Select(r => new EscalatedRiskLine(p.Name, Risk(r, threshold))))];

    private static List<DecisionLine> Decisions(IReadOnlyList<ProgrammeRollup> programmes, IReadOnlyList<ProgrammeAssurance>? assurance) =>
        [.. programmes
            .Select(p => (p.Name, AssuranceOf(assurance, p.ProgrammeId).SignOff.Highlight?.Text.DecisionsAsked))
            .Where(d => d.DecisionsAsked is not null)
            .Select(d => new DecisionLine(d.Name, d.DecisionsAsked!))];

    private static string SignOffSummary(IReadOnlyList<ProgrammeRollup> programmes, IReadOnlyList<ProgrammeAssurance>? assurance)
    {
        if (programmes.Count == 0)
        {
            return "No programme highlights are due to this group.";
        }

        var states = programmes.Select(p => (p.Name, AssuranceOf(assurance, p.ProgrammeId).SignOff)).ToList();
        var submitted = states.Count(s => s.SignOff.State == SignOffState.Submitted);
        var waiting = states.Where(s => s.SignOff.State != SignOffState.Submitted).Select(s => $"{s.Name} ({SignOffShort(s.SignOff).ToLowerInvariant()})").ToList();
        var sentence = string.Create(CultureInfo.InvariantCulture, $"{submitted} of {programmes.Count} programme highlights submitted");
        return waiting.Count == 0 ? sentence + "." : $"{sentence}; not yet: {string.Join(", ", waiting)}.";
    }

    private static string SignOffShort(HighlightSignOff signOff) => signOff.State switch
    {
        SignOffState.Submitted => signOff.HasLaterDraft ? "Submitted (a revision is in draft)" : "Submitted",
        SignOffState.DraftOnly => "Draft, not yet submitted",
        _ => "Not started",
    };

    private static string SignOffText(HighlightSignOff signOff) => signOff.Highlight is not { } h
        ? "The programme lead has not written a highlight for this period yet."
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{(signOff.State == SignOffState.Submitted ? "Submitted" : "Draft saved")} by {h.SavedBy} on {Formatting.Moment(h.SavedAt)} (version {h.Version}){(signOff.State == SignOffState.Submitted ? string.Empty : ": not yet submitted to the board")}{(signOff.HasLaterDraft ? "; a revision is in draft" : string.Empty)}.");

    private static RiskLine Risk(RiskAtPeriod risk, int threshold)
    {
        var entry = risk.Risk;
        var details = entry.Details;
        var band = RiskScale.Name(entry.Band);
        var escalation = !risk.IsEscalated ? string.Empty
            : entry.Score >= threshold ? string.Create(CultureInfo.InvariantCulture, $"Escalated: score {entry.Score} is at least {threshold}")
            : "Escalated by the programme lead";
        return new RiskLine(
            entry.RiskId,
            details.Description,
            details.Owner,
            string.Create(CultureInfo.InvariantCulture, $"{entry.Score} {band}"),
            band,
            "band band-" + band.ToLowerInvariant(),
            string.Create(CultureInfo.InvariantCulture, $"{RiskScale.LikelihoodNames[details.Likelihood - 1]} ({details.Likelihood}) × {RiskScale.ConsequenceNames[details.Consequence - 1]} ({details.Consequence})"),
            details.Mitigations ?? "None recorded",
            entry.IsOpen ? "Open" : "Closed",
            RiskRules.Describe(risk.Change),
            risk.IsEscalated,
            escalation);
    }

    private static MilestoneLine Milestone(MilestoneAtPeriod milestone) => new(
        milestone.MilestoneId,
        milestone.Name,
        Formatting.Period(milestone.Due),
        milestone.Owner ?? "Not named",
        MilestoneRules.Label(milestone.Status),
        Chip(milestone.Rag, milestone.RagLabel),
        milestone.DeclaredInStrategy ? "From the strategy" : "Added by the lead");

    private static LeadHighlightView? LeadHighlight(HighlightSignOff signOff) => signOff.Highlight is not { } h
        ? null
        : new LeadHighlightView(SignOffText(signOff), signOff.State != SignOffState.Submitted, h.Text.Commentary, h.Text.Achievements, h.Text.NextPeriodPlans, h.Text.DecisionsAsked);

    private static string Plural(int count, string one, string many) => string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    private static ReportHeader Header(PartnershipRollup rollup, DateTimeOffset generatedAt) => new(
        rollup.PartnershipId,
        rollup.PartnershipName,
        rollup.Period.Id,
        Formatting.Period(rollup.Period),
        Formatting.Moment(generatedAt),
        generatedAt,
        rollup.StrategyVersion,
        rollup.ContainsSampleData ? SampleDataNotice : null);

    private static ProgrammeSection Section(ProgrammeRollup programme, Strategy strategy, int headingLevel, ProgrammeAssurance assurance, int threshold)
    {
        var narratives = programme.Narratives;
        return new ProgrammeSection(
            programme.ProgrammeId,
            programme.Name,
            programme.Lead,
            strategy.FindProgramme(programme.ProgrammeId)?.Description,
            OverallRag(programme.OverallRag),
            programme.OverallRagRule == OverallRagRule.Majority
                ? "Overall rating: the rating most measures have (a tie goes to the worse)."
                : "Overall rating: the worst rating among the measures.",
            Completeness(programme.Completeness),
            [.. programme.Measures.Select(measure => Measure(measure, strategy))],
            [.. programme.StaffVoice.Select(voice => StaffVoice(voice, strategy))],
            Entries(narratives, n => n.Achievements),
            Entries(narratives, n => n.NextSteps),
            Entries(narratives, n => n.Risks),
            programme.DataQualityNotes,
            headingLevel,
            LeadHighlight(assurance.SignOff),
            SignOffText(assurance.SignOff),
            [.. assurance.Risks.Select(r => Risk(r, threshold))],
            [.. assurance.Milestones.Select(Milestone)]);
    }

    private static IReadOnlyList<NarrativeEntry> Entries(IReadOnlyList<PartnerNarrative> narratives, Func<PartnerNarrative, string?> text) =>
        [.. narratives
            .Where(n => !string.IsNullOrWhiteSpace(text(n)))
            .Select(n => new NarrativeEntry(n.PartnerName, text(n)!.Trim()))];

    private static RagView OverallRag(Rag rag) => Chip(rag, rag == Rag.Grey ? "Grey: not judged" : Formatting.RagName(rag));

    private static RagView Chip(Rag rag, string label)
    {
        var name = Formatting.RagName(rag);
        return new RagView(rag, label, "rag rag-" + name.ToLowerInvariant());
    }

    private static string MeasureCounts(IReadOnlyList<MeasureRollup> measures)
    {
        int Count(Rag rag) => measures.Count(m => m.Rag == rag && !(m.IsSuppressed && rag != Rag.Grey));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Count(Rag.Green)} green, {Count(Rag.Amber)} amber, {Count(Rag.Red)} red, {measures.Count - Count(Rag.Green) - Count(Rag.Amber) - Count(Rag.Red)} grey");
    }

    // How many of the returns received a lead has accepted, once there are any to accept.
    private static string Accepted(ReturnsCompleteness completeness) => completeness.Received == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $" {completeness.Accepted} of {completeness.Received} returns accepted.");

    private static CompletenessView Completeness(ReturnsCompleteness completeness)
    {
        var percent = completeness.PercentReceived is { } p ? $" ({Formatting.Percent(p, 0)})" : string.Empty;
        var summary = completeness.Expected == 0
            ? "No returns are expected for this programme."
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{completeness.Received} of {completeness.Expected} expected returns received{percent}: {completeness.OnTime} on time, {completeness.Late} late.{Accepted(completeness)}");
        return new CompletenessView(
            completeness.Expected,
            completeness.Received,
            completeness.OnTime,
            completeness.Late,
            summary,
            [.. completeness.Missing.Select(partner => partner.Name)]);
    }

    private static MeasureView Measure(MeasureRollup measure, Strategy strategy)
    {
        var suppressed = measure.IsSuppressed;
        var target = measure.Target is { } t ? Formatting.Value(measure.Kind, measure.Unit, t) : "No target";

        // A hidden survey group shows no figure anywhere: not the value, the gap, the change or this quarter's trend point.
        var values = measure.Trend.Select((point, index) => suppressed && index == measure.Trend.Count - 1 ? null : point.Value).ToList();
        var trend = measure.Trend
            .Select((point, index) => new TrendPointView(
                Formatting.ShortPeriod(point.Period),
                values[index],
                values[index] is { } v ? Formatting.Value(measure.Kind, measure.Unit, v) : "no figure"))
            .ToList();
        var trendText = trend.Count == 0
            ? "No trend yet."
            : "Trend: " + string.Join(", ", trend.Select(point => $"{point.Period} {point.ValueText}"))
                + (measure.Target is null ? "." : $"; target {target}.");

        return new MeasureView(
            measure.MeasureId,
            measure.Name,
            measure.Unit,
            suppressed ? SuppressedNotice(MinimumFor(measure, strategy)) : Formatting.Actual(measure),
            target,
            // A rating is a statement about the figure, so a hidden figure is never rated either.
            suppressed ? Chip(Rag.Grey, "Grey: not shown") : Chip(measure.Rag, RagLabel(measure)),
            !suppressed && measure.Rag is Rag.Amber or Rag.Red ? Formatting.Gap(measure) : string.Empty,
            suppressed ? string.Empty : Formatting.Change(measure),
            trend,
            measure.Target,
            suppressed ? null : TrendChart.Svg(values, measure.Target, trendText),
            trendText,
            measure.Kind == MeasureKind.Survey
                ? "From the staff survey"
                : string.Create(CultureInfo.InvariantCulture, $"{measure.Contributors.Count} of {measure.Expected.Count} partners reported"),
            suppressed);
    }

    private static string RagLabel(MeasureRollup measure) => measure.Rag switch
    {
        Rag.Grey when measure.Target is null => "Grey: no target",
        Rag.Grey when measure.Value is null => "Grey: no figure",
        Rag.Grey => "Grey: not judged",
        _ => Formatting.RagName(measure.Rag),
    };

    private static int MinimumFor(MeasureRollup measure, Strategy strategy) =>
        Suppression.EffectiveMinimum(
            strategy.FindMeasure(measure.MeasureId)?.Survey is { } source ? strategy.FindSurvey(source.SurveyId)?.MinimumGroupSize : null);

    /// <summary>What a hidden group shows in place of every figure and comment.</summary>
    public static string SuppressedNotice(int minimumGroupSize) =>
        string.Create(CultureInfo.InvariantCulture, $"Fewer than {minimumGroupSize} responses: not shown");

    private static StaffVoiceView StaffVoice(StaffVoice voice, Strategy strategy)
    {
        var results = voice.Results;
        var survey = strategy.FindSurvey(voice.SurveyId);
        var themes = (survey?.Questions.Select(q => q.Theme).OfType<string>()
                ?? results.Overall.Scores?.Themes.Select(theme => theme.Theme)
                ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var notice = SuppressedNotice(results.MinimumGroupSize);
        var groups = new[] { results.Overall }.Concat(results.Partners)
            .Select(group => Group(group, themes, notice))
            .ToList();

        // Only comments of shown groups: a hidden group's free text stays out even pooled, so a
        // report never carries words from a group too small to protect.
        var comments = new List<CommentsView>();
        if (results.Overall.IsShown)
        {
            var shown = results.Partners.Where(group => group.IsShown).Select(group => group.Scores).OfType<SurveyScores>().ToList();
            foreach (var questionId in shown.SelectMany(scores => scores.Texts).Select(texts => texts.QuestionId).Distinct(StringComparer.Ordinal))
            {
                var answers = shown
                    .SelectMany(scores => scores.Texts.Where(texts => texts.QuestionId == questionId).SelectMany(texts => texts.Answers))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (answers.Count > 0)
                {
                    var question = survey?.Questions.FirstOrDefault(q => q.Id == questionId)?.Text ?? questionId;
                    comments.Add(new CommentsView(question, answers));
                }
            }
        }

        return new StaffVoiceView(voice.SurveyId, voice.Title, results.MinimumGroupSize, [.. themes.Select(Capitalise)], groups, comments);
    }

    private static StaffVoiceGroupView Group(SurveyGroupResult group, IReadOnlyList<string> themes, string notice)
    {
        if (!group.IsShown || group.Scores is not { } scores)
        {
            return new StaffVoiceGroupView(group.Name, false, string.Empty, string.Empty, [], string.Empty, notice);
        }

        var figures = themes
            .Select(theme => scores.Themes.FirstOrDefault(score => score.Theme == theme)?.Score is { } score ? Formatting.Number(score, 1) : "-")
            .ToList();
        var enps = scores.Scales.Select(scale => scale.NetPromoterScore).OfType<decimal>().Select(v => Formatting.Signed(v, 1)).FirstOrDefault() ?? "-";
        return new StaffVoiceGroupView(
            group.Name,
            true,
            Formatting.Number(scores.ResponseCount, 0),
            scores.ResponseRatePercent is { } rate ? Formatting.Percent(rate, 1) : "-",
            figures,
            enps,
            null);
    }

    // Theme ids read as words in a column heading: "locality-working" becomes "Locality working".
    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].Replace('-', ' ');
}
