using System.Globalization;
using HandlebarsDotNet;

namespace StrategyReports.Templating;

/// <summary>
/// The helpers every template may use. Formatting is fixed to en-GB conventions in code, not the
/// machine's culture, so the same model renders to the same bytes everywhere.
/// </summary>
public static class TemplateHelpers
{
    private static readonly CultureInfo Uk = CultureInfo.InvariantCulture;

    // One table for registering and for the start-up check, so a helper can't be registered and
    // still be rejected as unknown, or the other way round.
    private static readonly Dictionary<string, HandlebarsReturnHelper> Helpers = new(StringComparer.Ordinal)
    {
        ["eq"] = (_, args) => Equal(Arg(args, 0), Arg(args, 1)),
        ["ne"] = (_, args) => !Equal(Arg(args, 0), Arg(args, 1)),
        ["gt"] = (_, args) => ToDecimal(Arg(args, 0)) > ToDecimal(Arg(args, 1)),
        ["lt"] = (_, args) => ToDecimal(Arg(args, 0)) < ToDecimal(Arg(args, 1)),
        ["and"] = (_, args) => Enumerable.Range(0, args.Length).All(i => Truthy(args[i])),
        ["or"] = (_, args) => Enumerable.Range(0, args.Length).Any(i => Truthy(args[i])),
        ["not"] = (_, args) => !Truthy(Arg(args, 0)),
        ["formatNumber"] = (_, args) => FormatNumber(Arg(args, 0), DecimalsArg(args, 1, 0)),
        ["formatMoney"] = (_, args) => FormatMoney(Arg(args, 0)),
        ["formatPercent"] = (_, args) => FormatPercent(Arg(args, 0), DecimalsArg(args, 1, 1)),
        ["formatSigned"] = (_, args) => FormatSigned(Arg(args, 0), DecimalsArg(args, 1, 1)),
        ["formatDate"] = (_, args) => FormatDate(Arg(args, 0)),
        ["lower"] = (_, args) => Arg(args, 0)?.ToString()?.ToLowerInvariant() ?? "",
        ["upper"] = (_, args) => Arg(args, 0)?.ToString()?.ToUpperInvariant() ?? "",
        ["plural"] = (_, args) => ToDecimal(Arg(args, 0)) == 1m ? Arg(args, 1)?.ToString() ?? "" : Arg(args, 2)?.ToString() ?? "",
        ["concat"] = (_, args) => string.Concat(Enumerable.Range(0, args.Length).Select(i => args[i]?.ToString())),
    };

    /// <summary>Names the start-up check accepts besides Handlebars' built-ins.</summary>
    public static IReadOnlyCollection<string> Names => Helpers.Keys;

    internal static void Register(IHandlebars handlebars)
    {
        foreach (var (name, helper) in Helpers)
        {
            handlebars.RegisterHelper(name, helper);
        }
    }

    /// <summary>12,345 or 12,345.6 — a dash for a missing value.</summary>
    public static string FormatNumber(object? value, int decimals = 0) =>
        ToNullableDecimal(value) is { } d ? Math.Round(d, decimals, MidpointRounding.AwayFromZero).ToString("N" + decimals, Uk) : "—";

    /// <summary>£1,234 (whole pounds) or £1,234.50 — a dash for a missing value.</summary>
    public static string FormatMoney(object? value) => ToNullableDecimal(value) switch
    {
        null => "—",
        { } d when d == decimal.Truncate(d) => "£" + d.ToString("N0", Uk),
        { } d => "£" + Math.Round(d, 2, MidpointRounding.AwayFromZero).ToString("N2", Uk),
    };

    /// <summary>A value already in percent (12.34 → 12.3%).</summary>
    public static string FormatPercent(object? value, int decimals = 1) =>
        ToNullableDecimal(value) is { } d ? Math.Round(d, decimals, MidpointRounding.AwayFromZero).ToString("N" + decimals, Uk) + "%" : "—";

    /// <summary>A change with its sign: +2.5, −1.0 (a real minus sign), 0.0.</summary>
    public static string FormatSigned(object? value, int decimals = 1)
    {
        if (ToNullableDecimal(value) is not { } d)
        {
            return "—";
        }

        var rounded = Math.Round(d, decimals, MidpointRounding.AwayFromZero);
        var text = Math.Abs(rounded).ToString("N" + decimals, Uk);
        return rounded > 0 ? "+" + text : rounded < 0 ? "\u2212" + text : text;
    }

    /// <summary>22 November 2026.</summary>
    public static string FormatDate(object? value) => value switch
    {
        DateOnly d => d.ToString("d MMMM yyyy", Uk),
        DateTimeOffset t => t.ToString("d MMMM yyyy", Uk),
        DateTime t => t.ToString("d MMMM yyyy", Uk),
        null => "—",
        _ => value.ToString() ?? "",
    };

    private static object? Arg(Arguments args, int index) => index < args.Length ? args[index] : null;

    private static int DecimalsArg(Arguments args, int index, int fallback) =>
        ToNullableDecimal(Arg(args, index)) is { } d ? (int)d : fallback;

    private static bool Equal(object? a, object? b) =>
        ToNullableDecimal(a) is { } x && ToNullableDecimal(b) is { } y ? x == y : string.Equals(a?.ToString(), b?.ToString(), StringComparison.Ordinal);

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        _ => ToNullableDecimal(value) is not { } d || d != 0m,
    };

    private static decimal ToDecimal(object? value) => ToNullableDecimal(value) ?? 0m;

    private static decimal? ToNullableDecimal(object? value) => value switch
    {
        null => null,
        decimal d => d,
        int i => i,
        long l => l,
        double d when double.IsFinite(d) => (decimal)d,
        float f when float.IsFinite(f) => (decimal)f,
        string s when decimal.TryParse(s, NumberStyles.Number, Uk, out var d) => d,
        _ => null,
    };
}
