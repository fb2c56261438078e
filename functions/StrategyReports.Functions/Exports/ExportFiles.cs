using StrategyReports.Domain.Exports;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Returns;

namespace StrategyReports.Functions.Exports;

/// <summary>
/// Tables as CSV or .xlsx files: the exports API's, and the return form's spreadsheet download, which gives a partner
/// its return in the returns export's layout.
/// </summary>
public static class ExportFiles
{
    /// <summary>Loads the returns of the range and answers with the table, written as it is made.</summary>
    public static async Task<IResult> ReturnsAsync(
        TableFormat format, Strategy strategy, IReadOnlyList<Period> periods, bool everyVersion, ReturnsTable.Scope scope, ReturnStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(store);
        var stored = new List<(Period Period, IReadOnlyList<QuarterlyReturn> Returns)>();
        foreach (var period in periods)
        {
            stored.Add((period, everyVersion
                ? await store.ListAllVersionsAsync(strategy.PartnershipId, period, cancellationToken)
                : await store.ListLatestAsync(strategy.PartnershipId, period, cancellationToken)));
        }

        var rows = stored.SelectMany(p => ReturnsTable.Rows(strategy, p.Period, p.Returns, everyVersion, scope));
        return Stream(format, ReturnsTable.Columns, rows, $"{strategy.PartnershipId}-returns-{Span(periods)}", "Returns", cancellationToken);
    }

    /// <summary>Answers with the rows as a file, written as they are made, so the response streams.</summary>
    public static IResult Stream(TableFormat format, IReadOnlyList<TableColumn> columns, IEnumerable<object?[]> rows, string name, string sheet, CancellationToken cancellationToken) =>
        TypedResults.Stream(
            body => TableFiles.WriteAsync(format, body, columns, rows, sheet, cancellationToken),
            TableFiles.ContentType(format),
            $"{name}.{TableFiles.Extension(format)}");

    /// <summary>The periods a file covers, as its name says them.</summary>
    public static string Span(IReadOnlyList<Period> periods) => periods.Count == 1 ? periods[0].Id : $"{periods[0].Id}-to-{periods[^1].Id}";
}
