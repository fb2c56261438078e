using System.Globalization;
using System.Text;

namespace StrategyReports.Storage.Tables;

/// <summary>Builds OData <c>$filter</c> expressions whose interpolated values cannot change the query.</summary>
public static class TableFilter
{
    /// <summary>
    /// Formats <paramref name="filter"/> with every interpolated value turned into an OData literal:
    /// strings quoted with embedded quotes doubled, so <c>$"PartnerName eq {name}"</c> stays one comparison
    /// whatever <c>name</c> holds.
    /// </summary>
    /// <exception cref="ArgumentException">A value has no OData literal form.</exception>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, arguments);
    }

    /// <summary>The OData literal for one value, as <see cref="Create"/> writes it.</summary>
    public static string Literal(object? value) => value switch
    {
        null => throw new ArgumentException("A filter value is null; the Table service has no null literal. Filter on the property's absence in code instead.", nameof(value)),
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsFinite(d) => DoubleLiteral(d),
        float f when float.IsFinite(f) => DoubleLiteral(f),
        decimal m => DoubleLiteral((double)m),
        DateTimeOffset d => $"datetime'{d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}'",
        DateTime d => Literal(new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d)),
        Guid g => $"guid'{g:D}'",
        byte[] bytes => $"X'{Convert.ToHexStringLower(bytes)}'",
        BinaryData data => $"X'{Convert.ToHexStringLower(data.ToMemory().Span)}'",
        _ => throw new ArgumentException($"A filter value of type {value.GetType().Name} has no OData literal.", nameof(value)),
    };

    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        builder.Append(value.Replace("'", "''", StringComparison.Ordinal));
        return builder.Append('\'').ToString();
    }

    private static string DoubleLiteral(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        // A whole number needs a decimal point or the service reads it as Int32 and compares types strictly.
        return text.AsSpan().IndexOfAny(".Ee") >= 0 ? text : text + ".0";
    }
}
