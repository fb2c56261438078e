namespace StrategyReports.Domain.Exports;

/// <summary>What a column holds, so each file format can type its cells (numbers as numbers, times as dates).</summary>
public enum CellKind
{
    Text,
    Number,
    Time,
    Boolean,
}

/// <summary>A column of an exported table: its header, the kind of its cells and its width in characters for spreadsheets.</summary>
public sealed record TableColumn(string Name, CellKind Kind, double Width);

/// <summary>
/// Text cells that a spreadsheet would read as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// tab or carriage return) get a leading apostrophe, the spreadsheet convention for "this is text".
/// Numbers are never text here, so a negative number stays a number.
/// </summary>
public static class SpreadsheetText
{
    public const char Guard = '\'';

    public static bool LooksLikeFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LooksLikeFormula(text) ? Guard + text : text;
    }

    /// <summary>Undoes <see cref="Neutralise"/> for text read back from an exported file.</summary>
    public static string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 1 && text[0] == Guard && LooksLikeFormula(text[1..]) ? text[1..] : text;
    }
}
