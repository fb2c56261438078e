namespace StrategyReports.Benchmarks;

/// <summary>Summaries every benchmark reports the same way.</summary>
internal static class Statistics
{
    /// <summary>The middle value (the mean of the two middle values for an even count): robust to the odd round the machine's load spoils.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
