using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using static StrategyReports.Domain.Tests.Highlights.RiskAndMilestoneTests;

namespace StrategyReports.Domain.Tests.Highlights;

public class ProgrammeAssuranceTests
{
    private static readonly Period Q1 = Period.Parse("2026-27-Q1");
    private static readonly Period Q2 = Period.Parse("2026-27-Q2");

    [Fact]
    public void The_log_is_read_as_it_stood_at_the_end_of_the_period_with_the_change_since_the_last()
    {
        var (strategy, programme) = Wellbeing();
        var risks = new[]
        {
            Risk("rising", 1, Q1, 2, 3), Risk("rising", 2, Q2, 4, 4),
            Risk("steady", 1, Q1, 2, 2),
            Risk("falling", 1, Q1, 4, 4), Risk("falling", 2, Q2, 2, 2),
            Risk("fresh", 1, Q2, 1, 1),
            Risk("gone", 1, Q1, 3, 3), Risk("gone", 2, Q1, 3, 3, RiskStatus.Closed),
            Risk("closing", 1, Q1, 3, 3), Risk("closing", 2, Q2, 3, 3, RiskStatus.Closed),
            Risk("future", 1, Q2.Next(), 5, 5),
        };

        var assurance = ProgrammeAssurance.Build(strategy, programme, Q2, [], risks, []);

        var changes = assurance.Risks.ToDictionary(r => r.Risk.RiskId, r => r.Change);
        Assert.Equal(RiskChange.Increased, changes["rising"]);
        Assert.Equal(RiskChange.Unchanged, changes["steady"]);
        Assert.Equal(RiskChange.Decreased, changes["falling"]);
        Assert.Equal(RiskChange.New, changes["fresh"]);
        Assert.Equal(RiskChange.Closed, changes["closing"]);
        Assert.DoesNotContain("gone", changes.Keys);
        Assert.DoesNotContain("future", changes.Keys);
        Assert.Equal("rising", Assert.Single(assurance.EscalatedRisks).Risk.RiskId);
    }

    [Fact]
    public void A_risk_closed_in_an_earlier_period_stays_in_the_record_until_it_is_reopened()
    {
        var risks = new[]
        {
            Risk("gone", 1, Q1, 3, 3), Risk("gone", 2, Q1, 3, 3, RiskStatus.Closed),
            Risk("edited-while-closed", 1, Q1, 3, 3, RiskStatus.Closed), Risk("edited-while-closed", 2, Q2, 2, 3, RiskStatus.Closed),
            Risk("reopened", 1, Q1, 3, 3, RiskStatus.Closed), Risk("reopened", 2, Q2, 3, 3),
            Risk("closing", 1, Q1, 3, 3), Risk("closing", 2, Q2, 3, 3, RiskStatus.Closed),
            Risk("open", 1, Q1, 3, 3),
        };

        var closed = ProgrammeAssurance.RisksClosedBefore(risks, Q2);

        Assert.Equal(["edited-while-closed", "gone"], closed.Select(r => r.RiskId));
        Assert.Equal(2, closed[0].Version);
        Assert.Empty(ProgrammeAssurance.RisksClosedBefore(risks, Q1));
    }

    [Fact]
    public void The_strategy_threshold_decides_escalation()
    {
        var (strategy, programme) = Wellbeing();
        var risks = new[] { Risk("high", 1, Q2, 3, 4) };

        Assert.Empty(ProgrammeAssurance.Build(strategy, programme, Q2, [], risks, []).EscalatedRisks);
        Assert.Single(ProgrammeAssurance.Build(strategy with { RiskEscalationScore = 12 }, programme, Q2, [], risks, []).EscalatedRisks);
    }

    [Fact]
    public void Declared_milestones_take_their_progress_from_the_log_and_keep_their_due_quarter()
    {
        var (strategy, programme) = Wellbeing();
        programme = programme with
        {
            Milestones = [new DeclaredMilestone("toolkit", "Toolkit launched", Q1, "Wellbeing lead"), new DeclaredMilestone("charter", "Charter signed", Q2.Next())],
        };
        var log = new[]
        {
            new MilestoneEntry("sample", "wellbeing", "toolkit", 1, Q1, new MilestoneDetails("Ignored", Q2.Next(), "New owner", MilestoneStatus.OnTrack), "lead", DateTimeOffset.UnixEpoch),
            new MilestoneEntry("sample", "wellbeing", "survey", 1, Q2, new MilestoneDetails("Pulse survey run", Q2, null, MilestoneStatus.Complete), "lead", DateTimeOffset.UnixEpoch),
        };

        var milestones = ProgrammeAssurance.Build(strategy, programme, Q2, [], [], log).Milestones;

        var toolkit = milestones.Single(m => m.MilestoneId == "toolkit");
        Assert.Equal(("Toolkit launched", Q1, "New owner", Rag.Red), (toolkit.Name, toolkit.Due, toolkit.Owner, toolkit.Rag));
        Assert.True(toolkit.IsSlipping);
        Assert.Equal(Rag.Green, milestones.Single(m => m.MilestoneId == "survey").Rag);
        Assert.Equal((Rag.Green, 0), milestones.Single(m => m.MilestoneId == "charter") is var c ? (c.Rag, c.Version) : default);
        Assert.Equal(["toolkit", "survey", "charter"], milestones.Select(m => m.MilestoneId));
    }

    [Fact]
    public void The_fingerprint_moves_with_a_new_highlight_or_risk_version_only()
    {
        var (strategy, programme) = Wellbeing();
        ProgrammeAssurance Build(params RiskEntry[] risks) =>
            ProgrammeAssurance.Build(strategy, programme, Q2, [Highlight(1, HighlightStatus.Draft)], risks, []);

        var before = ProgrammeAssurance.Fingerprint([Build(Risk("a", 1, Q2, 2, 2))]);

        Assert.Equal(before, ProgrammeAssurance.Fingerprint([Build(Risk("a", 1, Q2, 2, 2))]));
        Assert.NotEqual(before, ProgrammeAssurance.Fingerprint([Build(Risk("a", 1, Q2, 2, 2), Risk("a", 2, Q2, 3, 3))]));
        Assert.NotEqual(before, ProgrammeAssurance.Fingerprint([ProgrammeAssurance.Build(strategy, programme, Q2, [Highlight(1, HighlightStatus.Draft), Highlight(2, HighlightStatus.Submitted)], [Risk("a", 1, Q2, 2, 2)], [])]));
    }

    [Fact]
    public void Escalation_rises_through_reportsTo_to_every_group_above()
    {
        var strategy = Chain();

        Assert.Equal(["board", "ops", "swg"], strategy.GroupsAbove(strategy.FindProgramme("rota")!).Order(StringComparer.Ordinal));
        Assert.Equal(["board", "swg"], strategy.GroupsAbove(strategy.FindProgramme("wellbeing")!).Order(StringComparer.Ordinal));
        Assert.Equal([("swg", 1), ("ops", 2), ("audit", 1)], strategy.GroupsBelow("board").Select(g => (g.Group.Id, g.Depth)));
        Assert.Equal(["wellbeing", "rota"], strategy.ProgrammesUnder("board").Select(p => p.Id));
        Assert.Empty(strategy.ProgrammesUnder("audit"));
    }

    [Fact]
    public void Milestones_and_an_escalation_score_are_read_from_the_document_and_written_back()
    {
        var document = MinimalStrategy.Document();
        document["riskEscalationScore"] = 12;
        document["programmes"]![0]!["milestones"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"id": "toolkit", "name": "Toolkit launched", "due": "2025-26-Q3", "owner": "Lead"}]""");

        var strategy = MinimalStrategy.Parse(document).Strategy!;
        var again = StrategyDocument.Parse(StrategyDocument.ToCanonicalJson(strategy), StrategyFormat.Json).Strategy;

        Assert.Equal(12, strategy.EscalationScore);
        Assert.Equal(new DeclaredMilestone("toolkit", "Toolkit launched", Period.Parse("2025-26-Q3"), "Lead"), Assert.Single(strategy.Programmes[0].DeclaredMilestones));
        Assert.Equal(StrategyDocument.ToCanonicalJson(strategy), StrategyDocument.ToCanonicalJson(again!));
    }

    [Fact]
    public void A_document_without_them_keeps_its_canonical_form_and_the_default_threshold()
    {
        var strategy = MinimalStrategy.Parse(MinimalStrategy.Document()).Strategy!;

        Assert.Equal(Strategy.DefaultRiskEscalationScore, strategy.EscalationScore);
        Assert.DoesNotContain("riskEscalationScore", StrategyDocument.ToCanonicalJson(strategy), StringComparison.Ordinal);
        Assert.DoesNotContain("milestones", StrategyDocument.ToCanonicalJson(strategy), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("riskEscalationScore", "26", "riskEscalationScore", "not a risk score")]
    [InlineData("riskEscalationScore", "0", "riskEscalationScore", "not a risk score")]
    [InlineData("milestones", """[{"id": "m", "name": "M", "due": "2030-31-Q1"}]""", "programmes[0].milestones[0].due", "outside the reporting span")]
    [InlineData("milestones", """[{"id": "m", "due": "2026-27-Q1"}]""", "programmes[0].milestones[0].name", "required")]
    [InlineData("milestones", """[{"id": "m", "name": "M", "due": "2026-27-Q1", "dew": "x"}]""", "programmes[0].milestones[0].dew", "unknown property")]
    public void Problems_with_them_name_the_field(string property, string json, string path, string message)
    {
        var document = MinimalStrategy.Document();
        var value = System.Text.Json.Nodes.JsonNode.Parse(json);
        if (property == "milestones")
        {
            document["programmes"]![0]!["milestones"] = value;
        }
        else
        {
            document[property] = value;
        }

        var problems = MinimalStrategy.Parse(document).Problems;

        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    private static (Strategy Strategy, Programme Programme) Wellbeing()
    {
        var strategy = MinimalStrategy.Parse(MinimalStrategy.Document()).Strategy!;
        return (strategy, strategy.FindProgramme("wellbeing")!);
    }

    // board ← swg ← ops, and board ← audit; wellbeing reports to swg, rota to ops.
    internal static Strategy Chain()
    {
        var document = MinimalStrategy.Document();
        document["assuranceGroups"] = System.Text.Json.Nodes.JsonNode.Parse("""
            [{"id": "board", "name": "Locality Board"}, {"id": "swg", "name": "SWG", "reportsTo": "board"},
             {"id": "ops", "name": "Operations group", "reportsTo": "swg"}, {"id": "audit", "name": "Audit", "reportsTo": "board"}]
            """);
        document["programmes"]![1]!["id"] = "rota";
        document["programmes"]![1]!["assuranceGroups"] = new System.Text.Json.Nodes.JsonArray("ops");
        var result = MinimalStrategy.Parse(document);
        Assert.Empty(result.Problems);
        return result.Strategy!;
    }
}
