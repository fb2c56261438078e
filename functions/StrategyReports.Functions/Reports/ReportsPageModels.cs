using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Reports;

public sealed record ReportFileLink(string Href, string Size, string DownloadName);

public sealed record ReportRow(string Title, string Kind, ReportFileLink? Pdf, ReportFileLink? Html);

public sealed record ReportsPage(string PartnershipName, string PeriodLabel, string GeneratedAt, bool ContainsSampleData, IReadOnlyList<ReportRow> Rows) : IPageModel
{
    public static string Template => "reports";
}
