namespace StrategyReports.Functions.Exports;

public static class ExportsSetup
{
    /// <summary>Returns and rollups as CSV or spreadsheet files, and returns imported from them.</summary>
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app) => app.MapExportsApi().MapImportsApi();
}
