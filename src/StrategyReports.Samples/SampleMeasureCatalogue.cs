using System.Globalization;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Samples;

/// <summary>How a generated measure's targets are set.</summary>
internal abstract record SampleTargets
{
    /// <summary>Per thousand staff of the reporting partners, growing (or shrinking) by a fraction each quarter.</summary>
    public sealed record PerThousandStaff(decimal Rate, decimal ChangePerQuarter) : SampleTargets;

    /// <summary>From a baseline in the first quarter to a goal by the last.</summary>
    public sealed record Trajectory(decimal Baseline, decimal Goal) : SampleTargets;

    /// <summary>A target every quarter, straight from the first value to the last.</summary>
    public sealed record Straight(decimal First, decimal Last, int Decimals) : SampleTargets;
}

/// <summary>One kind of measure a generated strategy can have, in the partnership's language.</summary>
internal sealed record SampleMeasure(
    string Id,
    string Name,
    MeasureKind Kind,
    string Unit,
    Direction Direction,
    string AmberTolerance,
    SampleTargets Targets,
    IReadOnlyList<Sector> AppliesTo,
    string? NumeratorLabel = null,
    string? DenominatorLabel = null,
    bool IsProportion = false,
    JsonObject? Survey = null)
{
    public JsonObject ToDocument(int repeat, IReadOnlyList<Sector> appliesTo, long reportingHeadcount, IReadOnlyList<Period> span)
    {
        var measure = new JsonObject
        {
            ["id"] = repeat == 1 ? Id : string.Create(CultureInfo.InvariantCulture, $"{Id}-{repeat}"),
            ["name"] = repeat == 1 ? Name : string.Create(CultureInfo.InvariantCulture, $"{Name} (workstream {repeat})"),
            ["kind"] = Kind.ToName(),
            ["unit"] = Unit,
            ["direction"] = Direction.ToName(),
            // A percentage of the target is written as text ("10%"), a band in the measure's units as a number.
            ["amberTolerance"] = AmberTolerance.EndsWith('%')
                ? JsonValue.Create(AmberTolerance)
                : JsonValue.Create(decimal.Parse(AmberTolerance, CultureInfo.InvariantCulture)),
        };
        if (Kind == MeasureKind.Ratio)
        {
            measure["numeratorLabel"] = NumeratorLabel;
            measure["denominatorLabel"] = DenominatorLabel;
            measure["isProportion"] = IsProportion;
        }

        if (Survey is not null)
        {
            measure["survey"] = Survey.DeepClone();
        }

        if (appliesTo.Count > 0)
        {
            measure["appliesTo"] = new JsonArray([.. appliesTo.Select(sector => (JsonNode)JsonValue.Create(sector.ToName()))]);
        }

        switch (Targets)
        {
            case SampleTargets.Trajectory trajectory:
                measure["baseline"] = new JsonObject { ["period"] = span[0].Id, ["value"] = trajectory.Baseline };
                measure["trajectory"] = new JsonObject { ["period"] = span[^1].Id, ["value"] = trajectory.Goal };
                break;
            case SampleTargets.PerThousandStaff perThousand:
                measure["targets"] = TargetsFor(span, quarter =>
                    Math.Max(1m, Math.Round(reportingHeadcount / 1000m * perThousand.Rate * (1m + (perThousand.ChangePerQuarter * quarter)), 0)));
                break;
            case SampleTargets.Straight straight:
                var steps = Math.Max(1, span.Count - 1);
                measure["targets"] = TargetsFor(span, quarter =>
                    Math.Round(straight.First + ((straight.Last - straight.First) * quarter / steps), straight.Decimals));
                break;
            default:
                throw new InvalidOperationException($"Unknown targets {Targets}.");
        }

        return measure;
    }

    private static JsonObject TargetsFor(IReadOnlyList<Period> span, Func<int, decimal> target)
    {
        var targets = new JsonObject();
        for (var quarter = 0; quarter < span.Count; quarter++)
        {
            targets[span[quarter].Id] = target(quarter);
        }

        return targets;
    }
}

/// <summary>The measures and surveys generated strategies draw on, written like the seeds' success measures.</summary>
internal static class SampleMeasureCatalogue
{
    public const string StaffPulseId = "staff-pulse";
    public const string NewStarterId = "new-starter";

    private static readonly Sector[] Everyone = [];
    private static readonly Sector[] NhsProviders = [Sector.Acute, Sector.MentalHealth, Sector.Community, Sector.Ambulance];
    private static readonly Sector[] SocialCare = [Sector.CareProvider, Sector.AdultSocialCare];
    private static readonly Sector[] SmallerProviders = [Sector.CareProvider, Sector.Vcfse, Sector.Hospice];

    /// <summary>In order, so the first twenty already cover every kind, sector-only measures and survey scores.</summary>
    public static IReadOnlyList<SampleMeasure> All { get; } =
    [
        new("vacancies", "Vacant posts", MeasureKind.Count, "vacancies", Direction.LowerIsBetter, "10%",
            new SampleTargets.PerThousandStaff(80m, -0.02m), Everyone),
        new("sickness-absence", "Sickness absence rate", MeasureKind.Ratio, "%", Direction.LowerIsBetter, "0.5",
            new SampleTargets.Trajectory(5.8m, 4.9m), Everyone, "Working days lost to sickness", "Working days available", IsProportion: true),
        new("bank-agency-spend", "Bank and agency spend", MeasureKind.Amount, "£", Direction.LowerIsBetter, "5%",
            new SampleTargets.PerThousandStaff(700_000m, -0.02m), NhsProviders),
        new("edi-strategy-in-place", "Partners with an EDI strategy or plan in place", MeasureKind.YesNo, "% of partners", Direction.HigherIsBetter, "10",
            new SampleTargets.Straight(60m, 95m, 0), Everyone),
        new("apprenticeships-started", "Apprenticeships started", MeasureKind.Count, "apprentices", Direction.HigherIsBetter, "10%",
            new SampleTargets.PerThousandStaff(3m, 0.03m), Everyone),
        new("wellbeing-positive", "Staff who feel their organisation supports their wellbeing", MeasureKind.Survey, "% positive", Direction.HigherIsBetter, "5",
            new SampleTargets.Straight(62m, 72m, 0), Everyone, Survey: SurveySource("theme", "wellbeing", "percent-positive")),
        new("vacancy-rate", "Vacancy rate", MeasureKind.Ratio, "%", Direction.LowerIsBetter, "1",
            new SampleTargets.Trajectory(9.5m, 7.5m), Everyone, "Vacant posts (WTE)", "Funded establishment (WTE)", IsProportion: true),
        new("care-certificate-completed", "Care workers completing the Care Certificate", MeasureKind.Count, "care workers", Direction.HigherIsBetter, "10%",
            new SampleTargets.PerThousandStaff(15m, 0.02m), SocialCare),
        new("leadership-development-spend", "Spend on externally commissioned leadership development", MeasureKind.Amount, "£", Direction.LowerIsBetter, "10%",
            new SampleTargets.PerThousandStaff(12_000m, -0.03m), Everyone),
        new("wellbeing-resources-available", "Partners with wellbeing resources and toolkits available to their workforce", MeasureKind.YesNo, "% of partners", Direction.HigherIsBetter, "10",
            new SampleTargets.Straight(75m, 100m, 0), Everyone),
        new("staff-enps", "Staff recommending their organisation as a place to work (eNPS)", MeasureKind.Survey, "eNPS", Direction.HigherIsBetter, "5",
            new SampleTargets.Straight(-5m, 5m, 0), Everyone, Survey: SurveySource("questionId", "recommend-place-to-work", "enps")),
        new("arrs-vacancies", "Vacancies for ARRS roles", MeasureKind.Count, "vacancies", Direction.LowerIsBetter, "2",
            new SampleTargets.PerThousandStaff(60m, -0.04m), [Sector.PrimaryCare]),
        new("staff-turnover", "Staff turnover", MeasureKind.Ratio, "%", Direction.LowerIsBetter, "0.5",
            new SampleTargets.Straight(4.0m, 3.2m, 1), Everyone, "Leavers in the quarter", "Average headcount", IsProportion: true),
        new("volunteers", "Volunteers in provider organisations", MeasureKind.Count, "volunteers", Direction.HigherIsBetter, "5%",
            new SampleTargets.PerThousandStaff(30m, 0.03m), Everyone),
        new("gec-supporter-or-member", "Providers with Good Employment Charter supporter or member status", MeasureKind.YesNo, "% of partners", Direction.HigherIsBetter, "10",
            new SampleTargets.Straight(40m, 85m, 0), Everyone),
        new("training-hours-per-person", "Training hours per member of staff", MeasureKind.Ratio, "hours per person", Direction.HigherIsBetter, "10%",
            new SampleTargets.Straight(5.0m, 6.5m, 1), Everyone, "Training hours delivered", "Staff (headcount)"),
        new("wellbeing-theme-score", "Staff perception of wellbeing culture", MeasureKind.Survey, "theme score (0-10)", Direction.HigherIsBetter, "0.5",
            new SampleTargets.Straight(6.0m, 6.8m, 1), Everyone, Survey: SurveySource("theme", "wellbeing", "theme-score")),
        new("gec-forums-attended", "Provider meetings and forums attended to present the charter's standards", MeasureKind.Count, "meetings", Direction.HigherIsBetter, "1",
            new SampleTargets.PerThousandStaff(2m, 0m), SmallerProviders),
        new("leaders-edi-trained", "Leaders and managers who have completed EDI training", MeasureKind.Count, "leaders", Direction.HigherIsBetter, "10%",
            new SampleTargets.PerThousandStaff(2.5m, 0.04m), Everyone),
        new("inclusive-leadership-experience", "Staff experiencing inclusive leadership", MeasureKind.Survey, "% positive", Direction.HigherIsBetter, "5",
            new SampleTargets.Straight(65m, 72m, 0), Everyone, Survey: SurveySource("questionId", "inclusive-manager", "percent-positive")),
        new("oliver-mcgowan-trained", "Staff trained in the Oliver McGowan Mandatory Training", MeasureKind.Count, "staff", Direction.HigherIsBetter, "10%",
            new SampleTargets.PerThousandStaff(25m, 0.02m), Everyone),
        new("flexible-working-policy", "Partners offering flexible working from day one", MeasureKind.YesNo, "% of partners", Direction.HigherIsBetter, "10",
            new SampleTargets.Straight(55m, 90m, 0), Everyone),
        new("international-recruits", "Internationally educated staff recruited", MeasureKind.Count, "staff", Direction.HigherIsBetter, "10%",
            new SampleTargets.PerThousandStaff(1.5m, 0.02m), [Sector.Acute, Sector.MentalHealth, Sector.CareProvider]),
        new("locality-working-positive", "New starters who feel able to work across organisational boundaries", MeasureKind.Survey, "% positive", Direction.HigherIsBetter, "5",
            new SampleTargets.Straight(60m, 70m, 0), Everyone, Survey: SurveySource("theme", "locality-working", "percent-positive", NewStarterId)),
        new("apprenticeship-levy-transferred", "Apprenticeship levy transferred to smaller partners", MeasureKind.Amount, "£", Direction.HigherIsBetter, "10%",
            new SampleTargets.PerThousandStaff(9_000m, 0.03m), [Sector.Acute, Sector.LocalAuthority, Sector.IntegratedCareBoard]),
    ];

    /// <summary>A pulse survey open for the whole span, which the survey measures read.</summary>
    public static JsonObject StaffPulse(DateOnly opens, DateOnly closes, string programmeId) => new()
    {
        ["id"] = StaffPulseId,
        ["title"] = "One Workforce staff pulse",
        ["description"] = "Two minutes, anonymous. Tells the partnership how wellbeing, inclusion and development feel to you.",
        ["programme"] = programmeId,
        ["opens"] = opens.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["closes"] = closes.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["minimumGroupSize"] = 11,
        ["questions"] = new JsonArray(
            Question("wellbeing-supported", "likert5", "My organisation supports my health and wellbeing.", theme: "wellbeing"),
            Question("wellbeing-conversation", "likert5", "I have had a conversation about my wellbeing with my line manager in the last three months.", theme: "wellbeing"),
            Question("wellbeing-resources", "likert5", "I know how to find wellbeing resources and support when I need them.", theme: "wellbeing"),
            Question("inclusive-manager", "likert5", "My manager treats everyone in our team fairly and makes sure everyone is heard.", theme: "inclusion"),
            Question("development-opportunities", "likert5", "I have the opportunities I need to develop in my role.", theme: "development"),
            Question("recommend-place-to-work", "scale0to10", "How likely are you to recommend your organisation to a friend as a place to work?"),
            Question("staff-group", "single-choice", "Which staff group are you in?",
                options: ["Registered nurse or midwife", "Care or support worker", "Allied health professional", "Medical or dental", "Admin, estates or support"]),
            Question("support-used", "multi-choice", "Which of these have you used in the last three months?", required: false,
                options: ["Employee assistance programme", "Wellbeing conversation", "Flexible working", "Staff network", "Occupational health"]),
            Question("one-change", "text", "What one thing would most improve your wellbeing at work?", required: false, maxLength: 1000)),
    };

    /// <summary>A new-starter survey open for the whole span.</summary>
    public static JsonObject NewStarter(DateOnly opens, DateOnly closes, string programmeId) => new()
    {
        ["id"] = NewStarterId,
        ["title"] = "Health and care new-starter survey",
        ["description"] = "For people in their first six months with a health or care partner. Anonymous.",
        ["programme"] = programmeId,
        ["opens"] = opens.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["closes"] = closes.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["minimumGroupSize"] = 11,
        ["questions"] = new JsonArray(
            Question("understand-locality", "likert5", "I understand how health and care organisations here work together as one workforce.", theme: "locality-working"),
            Question("work-across-boundaries", "likert5", "I feel able to work effectively with colleagues in other organisations.", theme: "locality-working"),
            Question("induction-received", "single-choice", "Did your induction include the One Workforce locality induction?", options: ["Yes", "No", "Not sure"]),
            Question("settling-in-help", "multi-choice", "Which of these helped you settle in?", required: false,
                options: ["A buddy or mentor", "The locality toolkit", "Meeting other partners' teams", "Wellbeing support"]),
            Question("anything-else", "text", "Is there anything else that would have helped in your first months?", required: false, maxLength: 1000)),
    };

    private static JsonObject SurveySource(string sourceField, string source, string score, string surveyId = StaffPulseId) => new()
    {
        ["surveyId"] = surveyId,
        [sourceField] = source,
        ["score"] = score,
    };

    private static JsonObject Question(
        string id, string kind, string text, string? theme = null, bool required = true, string[]? options = null, int? maxLength = null)
    {
        var question = new JsonObject { ["id"] = id, ["kind"] = kind, ["text"] = text };
        if (!required)
        {
            question["required"] = false;
        }

        if (theme is not null)
        {
            question["theme"] = theme;
        }

        if (options is not null)
        {
            question["options"] = new JsonArray([.. options.Select(option => (JsonNode)JsonValue.Create(option))]);
        }

        if (maxLength is not null)
        {
            question["maxLength"] = maxLength;
        }

        return question;
    }
}
