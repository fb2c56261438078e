namespace StrategyReports.Domain.Highlights;

/// <summary>Where a risk's score falls on the NHS 5×5 matrix.</summary>
public enum RiskBand
{
    Low,
    Moderate,
    High,
    Extreme,
}

/// <summary>
/// The NHS 5×5 risk matrix: likelihood (1 rare … 5 almost certain) times consequence (1 negligible …
/// 5 catastrophic) gives a score of 1–25, graded 1–3 low, 4–6 moderate, 8–12 high and 15–25 extreme.
/// Source: National Patient Safety Agency, "A risk matrix for risk managers" (January 2008), sections
/// "Risk scoring and grading" and "Model matrix"
/// (https://studylib.net/doc/26079562/0676-risk-matrix-for-risk-managers-v9); NHS trusts' risk policies
/// reproduce it, e.g. "Risk Scoring Matrix" 009.1c (https://www.scribd.com/document/514370033), "1–3 Low".
/// A product of two whole numbers from 1 to 5 is never 7, 11, 13 or 14, so the bands leave no gaps.
/// </summary>
public static class RiskScale
{
    public const int Lowest = 1;
    public const int Highest = 5;

    public static readonly IReadOnlyList<string> LikelihoodNames = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];

    public static readonly IReadOnlyList<string> ConsequenceNames = ["Negligible", "Minor", "Moderate", "Major", "Catastrophic"];

    public static bool IsRating(int value) => value is >= Lowest and <= Highest;

    /// <exception cref="ArgumentOutOfRangeException">Either rating is outside 1–5.</exception>
    public static int Score(int likelihood, int consequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(likelihood, Lowest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(likelihood, Highest);
        ArgumentOutOfRangeException.ThrowIfLessThan(consequence, Lowest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(consequence, Highest);
        return likelihood * consequence;
    }

    public static RiskBand Band(int score) => score switch
    {
        <= 3 => RiskBand.Low,
        <= 6 => RiskBand.Moderate,
        <= 12 => RiskBand.High,
        _ => RiskBand.Extreme,
    };

    public static string Name(RiskBand band) => band switch
    {
        RiskBand.Low => "Low",
        RiskBand.Moderate => "Moderate",
        RiskBand.High => "High",
        _ => "Extreme",
    };
}
