namespace StrategyReports.Functions.Reports;

/// <summary>Where a period's reports are read: the lead's page of them, and each file through the API.</summary>
public static class ReportAddresses
{
    public static string Page(string partnershipId, string periodId) => $"/partnerships/{partnershipId}/reports/{periodId}";

    public static string File(string partnershipId, string periodId, string name) => $"/api/partnerships/{partnershipId}/reports/{periodId}/{name}";
}
