namespace StrategyReports.Surveys;

/// <summary>The kinds of question a pulse survey can ask. Their document names are in <see cref="QuestionKinds"/>.</summary>
public enum QuestionKind
{
    /// <summary>Strongly disagree (1) … Strongly agree (5).</summary>
    Likert5,

    /// <summary>A whole number from 0 to 10; eNPS is computed from these.</summary>
    Scale0To10,

    SingleChoice,
    MultiChoice,

    /// <summary>Free text: never shown against a group below the survey's minimum.</summary>
    Text,
}

/// <summary>One question of a pulse survey, as the strategy document declares it.</summary>
/// <param name="Id">Stable id that answers are keyed by.</param>
/// <param name="Theme">Likert questions with the same theme are scored together (0–10 theme score).</param>
/// <param name="Options">The offered choices, for single- and multi-choice questions.</param>
/// <param name="MaxLength">For text questions: the longest answer accepted.</param>
public sealed record SurveyQuestion(
    string Id,
    QuestionKind Kind,
    string Text,
    bool Required = true,
    string? Theme = null,
    IReadOnlyList<string>? Options = null,
    int? MaxLength = null);

/// <summary>An anonymous pulse survey staff answer from an intranet link.</summary>
/// <param name="ProgrammeId">The programme whose highlight report shows its results.</param>
/// <param name="Opens">First day responses are accepted (UK local date).</param>
/// <param name="Closes">Last day responses are accepted (UK local date).</param>
/// <param name="MinimumGroupSize">Groups with fewer responses are suppressed; never below <see cref="Suppression.SmallestMinimumGroupSize"/>.</param>
/// <param name="CodesRequiredForPartnerResults">
/// Results per partner organisation only from single-use codes: the survey then takes no response
/// without one, so nobody can pad a small group with invented responses from an open link.
/// </param>
public sealed record PulseSurvey(
    string Id,
    string Title,
    string? ProgrammeId,
    DateOnly Opens,
    DateOnly Closes,
    int MinimumGroupSize,
    IReadOnlyList<SurveyQuestion> Questions,
    string? Description = null,
    bool CodesRequiredForPartnerResults = false)
{
    /// <summary>Whether responses are accepted on a UK calendar day.</summary>
    public bool IsOpenOn(DateOnly day) => day >= Opens && day <= Closes;
}

/// <summary>The names question kinds have in strategy documents and the HTTP contract.</summary>
public static class QuestionKinds
{
    private static readonly Dictionary<string, QuestionKind> ByName = new(StringComparer.Ordinal)
    {
        ["likert5"] = QuestionKind.Likert5,
        ["scale0to10"] = QuestionKind.Scale0To10,
        ["single-choice"] = QuestionKind.SingleChoice,
        ["multi-choice"] = QuestionKind.MultiChoice,
        ["text"] = QuestionKind.Text,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out QuestionKind kind) => ByName.TryGetValue(name ?? string.Empty, out kind);

    public static string ToName(QuestionKind kind) => ByName.First(pair => pair.Value == kind).Key;
}
