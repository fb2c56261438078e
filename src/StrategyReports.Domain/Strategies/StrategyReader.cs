using StrategyReports.Domain.Chasing;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Strategies;

/// <summary>
/// Binds a document tree to a <see cref="Strategy"/> and checks every rule, collecting all
/// problems rather than stopping at the first. Parts that are wrong are bound with placeholders
/// so that the rest can still be checked; the strategy is only returned when nothing is wrong.
/// </summary>
internal sealed class StrategyReader
{
    private readonly ProblemList _problems;
    private readonly Dictionary<string, string> _measurePaths = new(StringComparer.Ordinal);
    private Dictionary<string, AssuranceGroup> _groups = [];
    private Dictionary<string, PulseSurvey> _surveys = [];
    private List<Partner> _partners = [];

    // A partner whose sector could not be read would make sector checks report nonsense.
    private bool _partnerSectorsKnown;
    private Period? _firstPeriod;
    private Period? _lastPeriod;

    private StrategyReader(ProblemList problems) => _problems = problems;

    public static Strategy? Read(DocumentNode root, List<StrategyProblem> problems)
    {
        var reader = new StrategyReader(new ProblemList(problems));
        var strategy = reader.ReadStrategy(new DocumentFields(root, StrategyProblem.DocumentPath, reader._problems), problems);
        return problems.Count == 0 ? strategy : null;
    }

    private Strategy ReadStrategy(DocumentFields fields, List<StrategyProblem> problems)
    {
        var partnershipId = fields.Id("partnershipId");
        var name = fields.String("name");
        var description = fields.String("description", required: false);
        _firstPeriod = ReadPeriod(fields, "firstPeriod");
        _lastPeriod = ReadPeriod(fields, "lastPeriod");
        if (_firstPeriod > _lastPeriod)
        {
            _problems.Add(fields.PathOf("lastPeriod"), $"{_lastPeriod} is before firstPeriod {_firstPeriod}");
            _firstPeriod = _lastPeriod = null;
        }

        var calendar = ReadCalendar(fields.Fields("calendar", required: false));
        var groups = ReadAll(fields, "assuranceGroups", "assurance group", ReadAssuranceGroup, group => group.Id);
        _groups = FirstById(groups.Select(group => group.Item), group => group.Id);
        CheckAssuranceChains(groups);

        var problemsBeforePartners = problems.Count;
        var partners = ReadAll(fields, "partners", "partner", ReadPartner, partner => partner.Id);
        _partners = [.. partners.Select(partner => partner.Item)];
        _partnerSectorsKnown = problems.Count == problemsBeforePartners;

        // Surveys are read before programmes so that survey-derived measures can be checked against them.
        var surveys = ReadAll(fields, "surveys", "survey", ReadSurvey, survey => survey.Id, required: false);
        _surveys = FirstById(surveys.Select(survey => survey.Item), survey => survey.Id);

        var programmes = ReadAll(fields, "programmes", "programme", ReadProgramme, programme => programme.Id);
        var programmeIds = programmes.Select(programme => programme.Item.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (survey, path) in surveys)
        {
            if (survey.ProgrammeId is { } programmeId && !programmeIds.Contains(programmeId))
            {
                _problems.Add(StrategyProblem.Child(path, "programme"), $"no programme '{programmeId}'");
            }
        }

        var escalation = fields.Int("riskEscalationScore", required: false);
        if (escalation is < RiskScale.Lowest * RiskScale.Lowest or > RiskScale.Highest * RiskScale.Highest)
        {
            _problems.Add(fields.PathOf("riskEscalationScore"), $"{escalation} is not a risk score: scores run from 1 to 25 (likelihood × consequence, each 1 to 5)");
            escalation = null;
        }

        // returns: { countOnlyAccepted: true } makes the rollup count only returns a lead has accepted.
        var returnSettings = fields.Fields("returns", required: false);
        var countOnlyAccepted = returnSettings.Boolean("countOnlyAccepted") ?? false;
        returnSettings.ReportUnknown();

        fields.ReportUnknown();
        return new Strategy(
            partnershipId ?? string.Empty,
            name ?? string.Empty,
            description,
            new ValueList<Partner>(_partners),
            new ValueList<Programme>(programmes.Select(programme => programme.Item)),
            new ValueList<AssuranceGroup>(groups.Select(group => group.Item)),
            new ValueList<PulseSurvey>(surveys.Select(survey => survey.Item)),
            calendar,
            _firstPeriod ?? default,
            _lastPeriod ?? default,
            escalation,
            countOnlyAccepted);
    }

    /// <summary>Reads a list of identified parts, reporting duplicate ids and an empty required list.</summary>
    private List<(T Item, string Path)> ReadAll<T>(
        DocumentFields fields,
        string name,
        string noun,
        Func<DocumentFields, T> read,
        Func<T, string> id,
        bool required = true)
    {
        var items = fields.List(name, required);
        if (required && items.Count == 0 && fields.Has(name))
        {
            _problems.Add(fields.PathOf(name), $"at least one {noun} is required");
        }

        var result = new List<(T Item, string Path)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, path) in items)
        {
            var itemFields = new DocumentFields(node, path, _problems);
            var item = read(itemFields);
            itemFields.ReportUnknown();
            var itemId = id(item);
            if (itemId.Length > 0 && !seen.TryAdd(itemId, path))
            {
                _problems.Add(StrategyProblem.Child(path, "id"), $"duplicate {noun} id '{itemId}' (first at {seen[itemId]})");
            }

            result.Add((item, path));
        }

        return result;
    }

    private Period? ReadPeriod(DocumentFields fields, string name, bool required = true)
    {
        var text = fields.String(name, required);
        if (text is null)
        {
            return null;
        }

        if (Period.TryParse(text, out var period))
        {
            return period;
        }

        _problems.Add(fields.PathOf(name), $"'{text}': no such period; expected a financial-year quarter such as 2025-26-Q1");
        return null;
    }

    private ReportingCalendar ReadCalendar(DocumentFields fields)
    {
        var opens = ReadOffset(fields, "opensDaysAfterQuarterEnd") ?? ReportingCalendar.DefaultOpensDays;
        var due = ReadOffset(fields, "dueDaysAfterQuarterEnd") ?? ReportingCalendar.DefaultDueDays;
        var closes = ReadOffset(fields, "closesDaysAfterQuarterEnd") ?? ReportingCalendar.DefaultClosesDays;
        if (due < opens)
        {
            _problems.Add(fields.PathOf("dueDaysAfterQuarterEnd"), $"returns would be due ({due}) before they open ({opens})");
        }

        if (closes < due)
        {
            _problems.Add(fields.PathOf("closesDaysAfterQuarterEnd"), $"returns would close ({closes}) before they are due ({due})");
        }

        var reminders = ReadReminderDays(fields);
        fields.ReportUnknown();
        return new ReportingCalendar(opens, due, closes, reminders);
    }

    /// <summary>The days around the due day that reminders go out on: whole days within the window's reach, each once.</summary>
    private ValueList<int>? ReadReminderDays(DocumentFields fields)
    {
        if (!fields.Has("remindDaysFromDue"))
        {
            return null;
        }

        var days = new List<int>();
        foreach (var (node, path) in fields.List("remindDaysFromDue", required: true))
        {
            if (node is not ScalarNode scalar || !scalar.TryGetDecimal(out var value) || value != decimal.Truncate(value))
            {
                _problems.Add(path, "expected a whole number of days from the due day, e.g. -7 for a week before it or 1 for the day after");
            }
            else if (value is < -ReportingCalendar.MaximumOffsetDays or > ReportingCalendar.MaximumOffsetDays)
            {
                _problems.Add(path, $"{value} days is more than a year from the due day");
            }
            else if (days.Contains((int)value))
            {
                _problems.Add(path, $"a reminder {value} days from the due day is already scheduled");
            }
            else
            {
                days.Add((int)value);
            }
        }

        return new ValueList<int>(days);
    }

    private int? ReadOffset(DocumentFields fields, string name)
    {
        var days = fields.Int(name, required: false);
        if (days is < -ReportingCalendar.MaximumOffsetDays or > ReportingCalendar.MaximumOffsetDays)
        {
            _problems.Add(fields.PathOf(name), $"{days} days is more than a year from the quarter end");
            return null;
        }

        return days;
    }

    private AssuranceGroup ReadAssuranceGroup(DocumentFields fields) =>
        new(fields.Id("id") ?? string.Empty, fields.String("name") ?? string.Empty, fields.Id("reportsTo", required: false));

    private void CheckAssuranceChains(List<(AssuranceGroup Item, string Path)> groups)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, path) in groups)
        {
            if (group.ReportsTo is not { } parent)
            {
                continue;
            }

            if (!_groups.ContainsKey(parent))
            {
                _problems.Add(StrategyProblem.Child(path, "reportsTo"), $"no assurance group '{parent}'");
                continue;
            }

            // Follow the chain upwards; coming back to this group is a loop.
            var chain = new List<string> { group.Id };
            var current = parent;
            while (current is not null && !chain.Contains(current) && _groups.TryGetValue(current, out var next))
            {
                chain.Add(current);
                current = next.ReportsTo;
            }

            if (current == group.Id && chain.TrueForAll(reported.Add))
            {
                _problems.Add(StrategyProblem.Child(path, "reportsTo"), $"reporting loops back: {string.Join(" → ", chain)} → {group.Id}");
            }
        }
    }

    private Partner ReadPartner(DocumentFields fields)
    {
        var id = fields.Id("id");
        var name = fields.String("name");
        var sector = fields.Choice<Sector>("sector", Sectors.TryParse, Sectors.All, "sector");
        var headcount = fields.Int("headcount");
        if (headcount < 0)
        {
            _problems.Add(fields.PathOf("headcount"), $"{headcount} staff: a headcount cannot be negative");
        }

        var contact = fields.String("returnsContact", required: false);
        if (contact is not null && !EmailAddress.IsValid(contact))
        {
            _problems.Add(fields.PathOf("returnsContact"), $"'{contact}' is not an e-mail address such as returns@example.org");
            contact = null;
        }

        return new Partner(id ?? string.Empty, name ?? string.Empty, sector ?? default, headcount ?? 0, contact);
    }

    private PulseSurvey ReadSurvey(DocumentFields fields)
    {
        var id = fields.Id("id");
        var title = fields.String("title");
        var description = fields.String("description", required: false);
        var programme = fields.Id("programme", required: false);
        var opens = fields.Date("opens");
        var closes = fields.Date("closes");
        if (closes < opens)
        {
            _problems.Add(fields.PathOf("closes"), $"closes {closes:yyyy-MM-dd} before it opens {opens:yyyy-MM-dd}");
        }

        var minimum = fields.Int("minimumGroupSize", required: false) ?? Suppression.DefaultMinimumGroupSize;
        if (minimum < Suppression.SmallestMinimumGroupSize)
        {
            _problems.Add(fields.PathOf("minimumGroupSize"), $"{minimum} is below the smallest minimum group size, {Suppression.SmallestMinimumGroupSize}: smaller groups could identify people");
        }

        var codesRequired = fields.Boolean("codesRequiredForPartnerResults") ?? false;
        var questions = ReadAll(fields, "questions", "question", ReadQuestion, question => question.Id);
        return new PulseSurvey(
            id ?? string.Empty,
            title ?? string.Empty,
            programme,
            opens ?? default,
            closes ?? default,
            minimum,
            new ValueList<SurveyQuestion>(questions.Select(question => question.Item)),
            description,
            codesRequired);
    }

    private SurveyQuestion ReadQuestion(DocumentFields fields)
    {
        var id = fields.Id("id");
        var kind = fields.Choice<QuestionKind>("kind", QuestionKinds.TryParse, [.. QuestionKinds.Names], "question kind");
        var text = fields.String("text");
        var required = fields.Boolean("required") ?? true;
        var theme = fields.String("theme", required: false);
        if (theme is not null && kind is not null and not QuestionKind.Likert5)
        {
            _problems.Add(fields.PathOf("theme"), "only likert5 questions are scored by theme");
        }

        var isChoice = kind is QuestionKind.SingleChoice or QuestionKind.MultiChoice;
        var options = fields.List("options");
        var optionTexts = new List<string>();
        foreach (var (node, path) in options)
        {
            if (node is ScalarNode { Type: ScalarType.String or ScalarType.Plain } scalar && !string.IsNullOrWhiteSpace(scalar.Text))
            {
                if (optionTexts.Contains(scalar.Text.Trim()))
                {
                    _problems.Add(path, $"option '{scalar.Text.Trim()}' is offered twice");
                }

                optionTexts.Add(scalar.Text.Trim());
            }
            else
            {
                _problems.Add(path, "expected the text of an option");
            }
        }

        if (isChoice && options.Count < 2)
        {
            _problems.Add(fields.PathOf("options"), "a choice question needs at least two options");
        }
        else if (!isChoice && kind is not null && options.Count > 0)
        {
            _problems.Add(fields.PathOf("options"), $"only single-choice and multi-choice questions have options, not {QuestionKinds.ToName(kind.Value)}");
        }

        var maxLength = fields.Int("maxLength", required: false);
        if (maxLength is not null && kind is not null and not QuestionKind.Text)
        {
            _problems.Add(fields.PathOf("maxLength"), "only text questions have a maximum length");
        }
        else if (maxLength <= 0)
        {
            _problems.Add(fields.PathOf("maxLength"), "must be at least 1");
        }

        return new SurveyQuestion(
            id ?? string.Empty,
            kind ?? default,
            text ?? string.Empty,
            required,
            theme,
            isChoice ? new ValueList<string>(optionTexts) : null,
            maxLength);
    }

    private Programme ReadProgramme(DocumentFields fields)
    {
        var id = fields.Id("id");
        var name = fields.String("name");
        var description = fields.String("description", required: false);
        var lead = fields.String("lead");
        var groupIds = new List<string>();
        var groups = fields.List("assuranceGroups", required: true);
        if (groups.Count == 0 && fields.Has("assuranceGroups"))
        {
            _problems.Add(fields.PathOf("assuranceGroups"), "a programme reports to at least one assurance group");
        }

        foreach (var (node, path) in groups)
        {
            if (node is not ScalarNode { Type: ScalarType.String or ScalarType.Plain } scalar)
            {
                _problems.Add(path, "expected an assurance group id");
            }
            else if (!_groups.ContainsKey(scalar.Text))
            {
                _problems.Add(path, $"no assurance group '{scalar.Text}'");
            }
            else
            {
                groupIds.Add(scalar.Text);
            }
        }

        var rule = fields.Choice<OverallRagRule>("overallRag", MeasureVocabulary.TryParse, MeasureVocabulary.RagRuleNames, "overall RAG rule", required: false);
        var measures = ReadAll(fields, "measures", "measure", ReadMeasure, measure => measure.Id, required: false);
        foreach (var (measure, path) in measures)
        {
            // Returns are keyed by measure id alone, so ids must be unique across programmes too.
            if (measure.Id.Length > 0 && !_measurePaths.TryAdd(measure.Id, path) && !_measurePaths[measure.Id].StartsWith(fields.Path + ".", StringComparison.Ordinal))
            {
                _problems.Add(StrategyProblem.Child(path, "id"), $"duplicate measure id '{measure.Id}' (first at {_measurePaths[measure.Id]})");
            }
        }

        var milestones = ReadAll(fields, "milestones", "milestone", ReadMilestone, milestone => milestone.Id, required: false);
        return new Programme(
            id ?? string.Empty,
            name ?? string.Empty,
            lead ?? string.Empty,
            new ValueList<string>(groupIds),
            new ValueList<SuccessMeasure>(measures.Select(measure => measure.Item)),
            rule ?? OverallRagRule.WorstOfMeasures,
            description,
            milestones.Count == 0 ? null : new ValueList<DeclaredMilestone>(milestones.Select(milestone => milestone.Item)));
    }

    private DeclaredMilestone ReadMilestone(DocumentFields fields)
    {
        var id = fields.Id("id");
        var name = fields.String("name");
        var due = ReadPeriod(fields, "due");
        if (due is { } quarter)
        {
            CheckInSpan(fields.PathOf("due"), quarter);
        }

        return new DeclaredMilestone(id ?? string.Empty, name ?? string.Empty, due ?? default, fields.String("owner", required: false));
    }

    private SuccessMeasure ReadMeasure(DocumentFields fields)
    {
        var id = fields.Id("id");
        var name = fields.String("name");
        var description = fields.String("description", required: false);
        var question = fields.String("question", required: false);
        var kind = fields.Choice<MeasureKind>("kind", MeasureVocabulary.TryParse, MeasureVocabulary.KindNames, "measure kind");
        if (question is not null && kind == MeasureKind.Survey)
        {
            _problems.Add(fields.PathOf("question"), "a survey measure is not asked on the return form, so it has no question");
        }
        else if (question?.Length > SuccessMeasure.QuestionMaxLength)
        {
            _problems.Add(fields.PathOf("question"), $"a question is at most {SuccessMeasure.QuestionMaxLength} characters; put the detail in the description");
        }

        var unit = fields.String("unit");
        var direction = fields.Choice<Direction>("direction", MeasureVocabulary.TryParse, MeasureVocabulary.DirectionNames, "direction");
        var numeratorLabel = fields.String("numeratorLabel", required: false);
        var denominatorLabel = fields.String("denominatorLabel", required: false);
        var isProportion = fields.Boolean("isProportion") ?? false;
        if (kind == MeasureKind.Ratio)
        {
            if (numeratorLabel is null)
            {
                _problems.Add(fields.PathOf("numeratorLabel"), "a ratio needs a label for its numerator, e.g. 'Days lost to sickness'");
            }

            if (denominatorLabel is null)
            {
                _problems.Add(fields.PathOf("denominatorLabel"), "a ratio needs a label for its denominator, e.g. 'Days available'");
            }
        }
        else if (kind is not null)
        {
            foreach (var ratioOnly in new[] { "numeratorLabel", "denominatorLabel", "isProportion" }.Where(fields.Has))
            {
                _problems.Add(fields.PathOf(ratioOnly), $"only ratio measures have {ratioOnly}, not {kind.Value.ToName()}");
            }
        }

        var survey = ReadSurveySource(fields, kind);
        var appliesTo = new List<Sector>();
        foreach (var (node, path) in fields.List("appliesTo"))
        {
            if (node is ScalarNode { Type: ScalarType.String or ScalarType.Plain } scalar && Sectors.TryParse(scalar.Text, out var sector))
            {
                appliesTo.Add(sector);
            }
            else
            {
                _problems.Add(path, DocumentFields.UnknownName((node as ScalarNode)?.Text ?? "(not text)", "sector", Sectors.All));
            }
        }

        if (appliesTo.Count > 0 && _partnerSectorsKnown && _partners.Count > 0 && !_partners.Any(partner => appliesTo.Contains(partner.Sector)))
        {
            _problems.Add(fields.PathOf("appliesTo"), "no partner is in these sectors, so nobody would report this measure");
        }

        var scale = new TargetScale(kind, unit, isProportion, survey?.Score);
        var targets = ReadTargets(fields, scale);
        var trajectory = ReadTrajectory(fields, scale);
        if (targets.Count > 0 && trajectory is not null)
        {
            _problems.Add(fields.PathOf("trajectory"), "give either targets per period or a baseline and trajectory, not both");
        }

        return new SuccessMeasure(
            id ?? string.Empty,
            name ?? string.Empty,
            kind ?? default,
            unit ?? string.Empty,
            direction ?? default,
            new ValueMap<Period, decimal>(targets),
            trajectory,
            ReadTolerance(fields),
            new ValueList<Sector>(appliesTo),
            numeratorLabel,
            denominatorLabel,
            isProportion,
            survey,
            description,
            question);
    }

    private SurveyMeasureSource? ReadSurveySource(DocumentFields measure, MeasureKind? kind)
    {
        if (kind is not null and not MeasureKind.Survey)
        {
            if (measure.Has("survey"))
            {
                measure.Node("survey", required: false);
                _problems.Add(measure.PathOf("survey"), $"only survey measures are computed from a survey, not {kind.Value.ToName()}");
            }

            return null;
        }

        if (kind is null && !measure.Has("survey"))
        {
            return null;
        }

        var fields = measure.Fields("survey");
        var surveyId = fields.Id("surveyId");
        var questionId = fields.Id("questionId", required: false);
        var theme = fields.String("theme", required: false);
        var score = fields.Choice<SurveyScore>("score", MeasureVocabulary.TryParse, MeasureVocabulary.ScoreNames, "survey score");
        fields.ReportUnknown();
        if (surveyId is null)
        {
            return null;
        }

        if (!_surveys.TryGetValue(surveyId, out var survey))
        {
            _problems.Add(fields.PathOf("surveyId"), $"no survey '{surveyId}'");
        }
        else if (survey.Questions.Count > 0)
        {
            // A survey without questions is reported on the survey; there is nothing to check against.
            CheckSurveySource(fields, survey, questionId, theme, score);
        }

        return new SurveyMeasureSource(surveyId, questionId, theme, score ?? default);
    }

    private void CheckSurveySource(DocumentFields fields, PulseSurvey survey, string? questionId, string? theme, SurveyScore? score)
    {
        if ((questionId is null) == (theme is null))
        {
            _problems.Add(fields.Path, "give either questionId or theme");
        }
        else if (questionId is not null)
        {
            var question = survey.Questions.FirstOrDefault(question => question.Id == questionId);
            var needed = score == SurveyScore.Enps ? QuestionKind.Scale0To10 : QuestionKind.Likert5;
            if (question is null)
            {
                _problems.Add(fields.PathOf("questionId"), $"survey '{survey.Id}' has no question '{questionId}'");
            }
            else if (score is not null && question.Kind != needed)
            {
                _problems.Add(fields.PathOf("score"), $"{score.Value.ToName()} is computed from {QuestionKinds.ToName(needed)} questions; '{questionId}' is {QuestionKinds.ToName(question.Kind)}");
            }
        }
        else if (score == SurveyScore.Enps)
        {
            _problems.Add(fields.PathOf("theme"), "enps is computed from one scale0to10 question: give questionId");
        }
        else if (!survey.Questions.Any(question => question.Kind == QuestionKind.Likert5 && question.Theme == theme))
        {
            _problems.Add(fields.PathOf("theme"), $"survey '{survey.Id}' has no likert5 questions with theme '{theme}'");
        }
    }

    private List<KeyValuePair<Period, decimal>> ReadTargets(DocumentFields fields, TargetScale scale)
    {
        var targets = new List<KeyValuePair<Period, decimal>>();
        foreach (var (key, node, path) in fields.Map("targets"))
        {
            var value = DocumentFields.ReadDecimal(node, path, _problems);
            if (!Period.TryParse(key, out var period))
            {
                _problems.Add(path, "no such period; expected a financial-year quarter such as 2025-26-Q1");
                continue;
            }

            CheckInSpan(path, period);
            if (value is not null && CheckTarget(path, value.Value, scale))
            {
                targets.Add(new(period, value.Value));
            }
        }

        return targets;
    }

    private Trajectory? ReadTrajectory(DocumentFields measure, TargetScale scale)
    {
        if (!measure.Has("baseline") && !measure.Has("trajectory"))
        {
            return null;
        }

        if (!measure.Has("trajectory") || !measure.Has("baseline"))
        {
            var missing = measure.Has("baseline") ? "trajectory" : "baseline";
            _problems.Add(measure.PathOf(missing), "a baseline and a trajectory go together: the baseline is where the measure starts, the trajectory where it should be by when");
        }

        var baseline = measure.Fields("baseline", required: false);
        var baselinePeriod = ReadPeriod(baseline, "period");
        var baselineValue = baseline.Decimal("value");
        baseline.ReportUnknown();
        var goal = measure.Fields("trajectory", required: false);
        var targetPeriod = ReadPeriod(goal, "period");
        var targetValue = goal.Decimal("value");
        goal.ReportUnknown();
        if (targetPeriod is { } by)
        {
            CheckInSpan(goal.PathOf("period"), by);
            if (baselinePeriod >= by)
            {
                _problems.Add(goal.PathOf("period"), $"{by} is not after the baseline period {baselinePeriod}");
            }
        }

        var valid = targetValue is not null && CheckTarget(goal.PathOf("value"), targetValue.Value, scale);
        return baselinePeriod is not null && baselineValue is not null && targetPeriod is not null && valid
            ? new Trajectory(baselinePeriod.Value, baselineValue.Value, targetPeriod.Value, targetValue!.Value)
            : null;
    }

    private void CheckInSpan(string path, Period period)
    {
        if (_firstPeriod is { } first && _lastPeriod is { } last && (period < first || period > last))
        {
            _problems.Add(path, $"{period} is outside the reporting span {first} to {last}");
        }
    }

    private bool CheckTarget(string path, decimal value, TargetScale scale)
    {
        if (scale.Minimum is { } minimum && value < minimum)
        {
            _problems.Add(path, $"{value} is below the smallest possible value, {minimum}");
            return false;
        }

        if (scale.Maximum is { } maximum && value > maximum)
        {
            _problems.Add(path, $"{value} is above the largest possible value, {maximum}");
            return false;
        }

        if (scale.IsWhole && value != decimal.Truncate(value))
        {
            _problems.Add(path, $"{value}: a count target is a whole number");
            return false;
        }

        return true;
    }

    private AmberTolerance ReadTolerance(DocumentFields fields)
    {
        var node = fields.Node("amberTolerance", required: false);
        if (node is null)
        {
            return AmberTolerance.None;
        }

        var text = node is ScalarNode scalar ? scalar.Text.Trim() : string.Empty;
        var isPercent = text.EndsWith('%');
        var number = isPercent ? new ScalarNode(text[..^1], ScalarType.Plain) : node;
        if (number is not ScalarNode numberNode || !numberNode.TryGetDecimal(out var value) || value < 0 || (isPercent && value > 100))
        {
            _problems.Add(fields.PathOf("amberTolerance"), "expected a non-negative amount in the measure's unit (e.g. 2) or a percentage of the target up to 100% (e.g. '5%')");
            return AmberTolerance.None;
        }

        return new AmberTolerance(value, isPercent);
    }

    /// <summary>Looks parts up by id; a duplicate id has already been reported, and the first one counts.</summary>
    private static Dictionary<string, T> FirstById<T>(IEnumerable<T> items, Func<T, string> id)
    {
        var byId = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byId.TryAdd(id(item), item);
        }

        return byId;
    }

    /// <summary>The values a target may take, from the measure's kind, unit and score.</summary>
    private sealed record TargetScale(MeasureKind? Kind, string? Unit, bool IsProportion, SurveyScore? Score)
    {
        private bool IsPercentage => Kind == MeasureKind.YesNo
            || (Kind == MeasureKind.Ratio && IsProportion && Unit == SuccessMeasure.PercentUnit)
            || Score == SurveyScore.PercentPositive;

        public decimal? Minimum => Score == SurveyScore.Enps ? -100m : Kind is null ? null : 0m;

        public decimal? Maximum => IsPercentage || Score == SurveyScore.Enps ? 100m
            : Score == SurveyScore.ThemeScore ? 10m
            : null;

        public bool IsWhole => Kind == MeasureKind.Count;
    }
}
