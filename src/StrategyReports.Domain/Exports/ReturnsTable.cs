using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Exports;

/// <summary>
/// The tidy long table of returns: one row per partner × measure × period (× version), in the order
/// periods, partners and measures appear in the strategy. The import reads the same layout back.
/// </summary>
public static class ReturnsTable
{
    public const string Period = "period";
    public const string PartnerId = "partner_id";
    public const string MeasureId = "measure_id";
    public const string Value = "value";
    public const string Numerator = "numerator";
    public const string Denominator = "denominator";

    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        new(Period, CellKind.Text, 12),
        new(PartnerId, CellKind.Text, 20),
        new("partner_name", CellKind.Text, 36),
        new("sector", CellKind.Text, 16),
        new("programme_id", CellKind.Text, 20),
        new("programme_name", CellKind.Text, 32),
        new(MeasureId, CellKind.Text, 24),
        new("measure_name", CellKind.Text, 40),
        new("kind", CellKind.Text, 8),
        new("unit", CellKind.Text, 8),
        new(Value, CellKind.Number, 12),
        new(Numerator, CellKind.Number, 12),
        new(Denominator, CellKind.Number, 12),
        new("version", CellKind.Number, 8),
        new("submitted_at", CellKind.Time, 20),
        new("late", CellKind.Boolean, 6),
        new("sample_data", CellKind.Boolean, 11),
    ];

    /// <summary>Which partners' and programmes' rows a caller may see.</summary>
    public sealed record Scope(Func<Partner, bool> IncludesPartner, Func<Programme, bool> IncludesProgramme);

    /// <summary>
    /// The rows of one period. With <paramref name="versions"/> holding only the latest returns, every partner in
    /// scope gets a row for each measure that applies to it, blank where nothing was returned, so the export is also
    /// the template to fill in and import. With every version, only the versions stored have rows.
    /// </summary>
    /// <param name="versions">The returns of the period (latest only, or every version), any order.</param>
    public static IEnumerable<object?[]> Rows(Strategy strategy, Period period, IEnumerable<QuarterlyReturn> versions, bool everyVersion, Scope scope)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(scope);
        var byPartner = versions.ToLookup(r => r.PartnerId, StringComparer.Ordinal);
        foreach (var partner in strategy.Partners.Where(scope.IncludesPartner))
        {
            var measures = strategy.Programmes.Where(scope.IncludesProgramme)
                .SelectMany(programme => programme.Measures.Where(m => m.IsSubmitted && Strategy.AppliesTo(m, partner)).Select(m => (programme, m)))
                .ToList();
            IEnumerable<QuarterlyReturn?> returns = byPartner[partner.Id].OrderBy(r => r.Version);
            if (!everyVersion && !byPartner[partner.Id].Any())
            {
                returns = [null];
            }

            foreach (var quarterlyReturn in returns)
            {
                foreach (var (programme, measure) in measures)
                {
                    yield return Row(period, partner, programme, measure, quarterlyReturn);
                }
            }
        }
    }

    private static object?[] Row(Period period, Partner partner, Programme programme, SuccessMeasure measure, QuarterlyReturn? quarterlyReturn)
    {
        var value = quarterlyReturn?.Values.GetValueOrDefault(measure.Id);
        var ratio = value as RatioValue;
        return
        [
            period.Id,
            partner.Id,
            partner.Name,
            partner.Sector.ToName(),
            programme.Id,
            programme.Name,
            measure.Id,
            measure.Name,
            measure.Kind.ToName(),
            measure.Unit,
            value switch
            {
                CountValue count => (decimal)count.Value,
                AmountValue amount => amount.Value,
                RatioValue r => measure.RatioValue(r.Numerator, r.Denominator),
                YesNoValue yesNo => yesNo.Value ? 1m : 0m,
                _ => null,
            },
            ratio?.Numerator,
            ratio?.Denominator,
            quarterlyReturn is null ? null : (decimal)quarterlyReturn.Version,
            quarterlyReturn is null ? null : UkTime.At(quarterlyReturn.SubmittedAt),
            quarterlyReturn?.IsLate,
            quarterlyReturn?.IsSampleData,
        ];
    }
}
