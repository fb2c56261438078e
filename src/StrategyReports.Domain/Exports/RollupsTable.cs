using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Exports;

/// <summary>
/// The rollup as a table: one row per period × programme × measure, taken from the stored rollup as it is served,
/// so a survey figure that the rollup suppresses or has not released is blank here too.
/// </summary>
public static class RollupsTable
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("period", CellKind.Text, 12),
        new("programme_id", CellKind.Text, 20),
        new("programme_name", CellKind.Text, 32),
        new("measure_id", CellKind.Text, 24),
        new("measure_name", CellKind.Text, 40),
        new("kind", CellKind.Text, 8),
        new("unit", CellKind.Text, 8),
        new("direction", CellKind.Text, 9),
        new("value", CellKind.Number, 12),
        new("numerator", CellKind.Number, 12),
        new("denominator", CellKind.Number, 12),
        new("yes_count", CellKind.Number, 9),
        new("target", CellKind.Number, 10),
        new("rag", CellKind.Text, 6),
        new("gap", CellKind.Number, 10),
        new("change", CellKind.Number, 10),
        new("contributors", CellKind.Number, 12),
        new("expected", CellKind.Number, 9),
        new("completeness_percent", CellKind.Number, 12),
        new("suppressed", CellKind.Boolean, 10),
        new("sample_data", CellKind.Boolean, 11),
    ];

    /// <summary>The rows of one stored rollup, for the programmes in scope.</summary>
    public static IEnumerable<object?[]> Rows(PartnershipRollup rollup, Func<string, bool> includesProgramme)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(includesProgramme);
        foreach (var programme in rollup.Programmes.Where(p => includesProgramme(p.ProgrammeId)))
        {
            foreach (var measure in programme.Measures)
            {
                yield return
                [
                    rollup.Period.Id,
                    programme.ProgrammeId,
                    programme.Name,
                    measure.MeasureId,
                    measure.Name,
                    measure.Kind.ToName(),
                    measure.Unit,
                    measure.Direction.ToName(),
                    measure.Value,
                    measure.Numerator,
                    measure.Denominator,
                    (decimal?)measure.YesCount,
                    measure.Target,
                    measure.Rag.ToString().ToLowerInvariant(),
                    measure.Gap,
                    measure.Change,
                    (decimal)measure.Contributors.Count,
                    (decimal)measure.Expected.Count,
                    measure.Expected.Count == 0 ? null : Math.Round(100m * measure.Contributors.Count / measure.Expected.Count, 1, MidpointRounding.AwayFromZero),
                    measure.IsSuppressed,
                    rollup.ContainsSampleData,
                ];
            }
        }
    }
}
