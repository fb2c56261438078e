using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Returns;

/// <summary>
/// One partner's value for one success measure in a quarterly return. The variant matches the
/// measure's <see cref="MeasureKind"/>; survey-derived measures are never submitted.
/// </summary>
public abstract record MeasureValue
{
    private protected MeasureValue()
    {
    }

    public abstract MeasureKind Kind { get; }
}

/// <summary>A non-negative whole number (vacancies, volunteers, leaders trained).</summary>
public sealed record CountValue(long Value) : MeasureValue
{
    public override MeasureKind Kind => MeasureKind.Count;
}

/// <summary>Pounds, non-negative (bank and agency spend).</summary>
public sealed record AmountValue(decimal Value) : MeasureValue
{
    public override MeasureKind Kind => MeasureKind.Amount;
}

/// <summary>Numerator and denominator as submitted (days lost / days available); rolled up as Σn ÷ Σd.</summary>
public sealed record RatioValue(decimal Numerator, decimal Denominator) : MeasureValue
{
    public override MeasureKind Kind => MeasureKind.Ratio;
}

/// <summary>A yes or no answer ("do you have an EDI strategy?").</summary>
public sealed record YesNoValue(bool Value) : MeasureValue
{
    public override MeasureKind Kind => MeasureKind.YesNo;
}

/// <summary>The narrative of a return: what the highlight report's achievements, next steps and risks draw on.</summary>
public sealed record ReturnNarrative(string? Achievements, string? NextSteps, string? Risks)
{
    public static ReturnNarrative Empty { get; } = new(null, null, null);
}
