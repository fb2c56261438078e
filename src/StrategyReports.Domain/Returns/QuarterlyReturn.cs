using StrategyReports.Domain.Periods;

namespace StrategyReports.Domain.Returns;

/// <summary>
/// One immutable version of a partner's quarterly return. Every submission is a new version; the
/// latest counts and the earlier ones stay readable.
/// </summary>
/// <param name="Version">1 for the first submission, then 2, 3, …</param>
/// <param name="StrategyVersion">The strategy version the return was validated against, so it is read the same way later.</param>
/// <param name="SubmittedAt">When it was accepted (UTC).</param>
/// <param name="IsLate">Accepted after the period's due date.</param>
public sealed record QuarterlyReturn(
    string PartnershipId,
    Period Period,
    string PartnerId,
    int Version,
    int StrategyVersion,
    IReadOnlyDictionary<string, MeasureValue> Values,
    ReturnNarrative Narrative,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    bool IsLate)
{
    /// <summary>Who generated returns are submitted by, so every page and report can say the figures are sample data.</summary>
    public const string SampleDataSubmitter = "Sample data (generated)";

    public bool IsSampleData => SubmittedBy == SampleDataSubmitter;
}
