namespace StrategyReports.Domain.Strategies;

/// <summary>What a success measure counts, and so how partners' values roll up.</summary>
public enum MeasureKind
{
    /// <summary>A non-negative whole number per partner; summed.</summary>
    Count,

    /// <summary>Pounds, a non-negative decimal per partner; summed.</summary>
    Amount,

    /// <summary>Numerator and denominator per partner; Σnumerators ÷ Σdenominators, never an average of percentages.</summary>
    Ratio,

    /// <summary>Yes or no per partner; targets are the percentage of answering partners saying yes.</summary>
    YesNo,

    /// <summary>Computed from pulse-survey responses, never submitted.</summary>
    Survey,
}

/// <summary>Whether a higher or a lower value is better: decides which side of a target is red.</summary>
public enum Direction
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>How a programme's overall RAG follows from its measures' RAG.</summary>
public enum OverallRagRule
{
    /// <summary>The worst RAG among the programme's judged measures.</summary>
    WorstOfMeasures,

    /// <summary>The RAG most judged measures have; a tie goes to the worse colour.</summary>
    Majority,
}

/// <summary>Which score a survey-derived measure takes from pulse-survey responses.</summary>
public enum SurveyScore
{
    /// <summary>Percentage of Likert answers that agree or strongly agree (0–100).</summary>
    PercentPositive,

    /// <summary>Likert answers mapped to 0, 2.5, 5, 7.5, 10 and averaged (0–10).</summary>
    ThemeScore,

    /// <summary>Employee net promoter score from a 0–10 question: % 9–10 minus % 0–6 (-100 to 100).</summary>
    Enps,
}

/// <summary>Document names of the measure vocabularies, e.g. <c>yes-no</c>, <c>lower-is-better</c>.</summary>
public static class MeasureVocabulary
{
    private static readonly DocumentNames<MeasureKind> Kinds = new(
        ("count", MeasureKind.Count),
        ("amount", MeasureKind.Amount),
        ("ratio", MeasureKind.Ratio),
        ("yes-no", MeasureKind.YesNo),
        ("survey", MeasureKind.Survey));

    private static readonly DocumentNames<Direction> Directions = new(
        ("higher-is-better", Direction.HigherIsBetter),
        ("lower-is-better", Direction.LowerIsBetter));

    private static readonly DocumentNames<OverallRagRule> RagRules = new(
        ("worst-of-measures", OverallRagRule.WorstOfMeasures),
        ("majority", OverallRagRule.Majority));

    private static readonly DocumentNames<SurveyScore> Scores = new(
        ("percent-positive", SurveyScore.PercentPositive),
        ("theme-score", SurveyScore.ThemeScore),
        ("enps", SurveyScore.Enps));

    public static IReadOnlyList<string> KindNames => Kinds.All;

    public static IReadOnlyList<string> DirectionNames => Directions.All;

    public static IReadOnlyList<string> RagRuleNames => RagRules.All;

    public static IReadOnlyList<string> ScoreNames => Scores.All;

    public static bool TryParse(string? name, out MeasureKind kind) => Kinds.TryParse(name, out kind);

    public static bool TryParse(string? name, out Direction direction) => Directions.TryParse(name, out direction);

    public static bool TryParse(string? name, out OverallRagRule rule) => RagRules.TryParse(name, out rule);

    public static bool TryParse(string? name, out SurveyScore score) => Scores.TryParse(name, out score);

    public static string ToName(this MeasureKind kind) => Kinds.ToName(kind);

    public static string ToName(this Direction direction) => Directions.ToName(direction);

    public static string ToName(this OverallRagRule rule) => RagRules.ToName(rule);

    public static string ToName(this SurveyScore score) => Scores.ToName(score);
}
