namespace StrategyReports.Domain.Rollups;

/// <summary>
/// Red, amber, green, or grey when there is no target or too little data to judge: the one rating that
/// measures, programmes and milestones carry, and that pages, reports and PDFs show.
/// </summary>
public enum Rag
{
    Grey,
    Green,
    Amber,
    Red,
}
