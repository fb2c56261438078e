namespace StrategyReports.Surveys;

/// <summary>Small-number suppression rules shared by every output.</summary>
public static partial class Suppression
{
    /// <summary>The default minimum group size when a survey does not set one.</summary>
    public const int DefaultMinimumGroupSize = 11;

    /// <summary>No survey may set a minimum below this.</summary>
    public const int SmallestMinimumGroupSize = 5;
}
