using System.Data;
using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using nietras.SeparatedValues;
using StrategyReports.Domain.Exports;
using StrategyReports.Domain.Failures;

namespace StrategyReports.Functions.Exports;

public enum TableFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// Writes exported tables as CSV (Sep) or .xlsx (MiniExcel), row by row straight to the response, and reads uploaded
/// ones back. Text that a spreadsheet would take for a formula is neutralised in both formats; numbers, times and
/// yes/no stay typed.
/// </summary>
public static class TableFiles
{
    /// <summary>The largest upload read: a whole partnership's period as CSV is well under it.</summary>
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string XlsxTimeFormat = "yyyy-mm-dd hh:mm:ss";

    // Every digit a decimal holds, without trailing zeros or an exponent: 5.00 is written 5, 0.00001 stays 0.00001.
    private const string PlainNumber = "0.############################";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ContentType(TableFormat format) => format == TableFormat.Csv ? CsvContentType : XlsxContentType;

    public static string Extension(TableFormat format) => format == TableFormat.Csv ? "csv" : "xlsx";

    public static Task WriteAsync(TableFormat format, Stream body, IReadOnlyList<TableColumn> columns, IEnumerable<object?[]> rows, string sheetName, CancellationToken cancellationToken) =>
        format == TableFormat.Csv ? WriteCsvAsync(body, columns, rows, cancellationToken) : WriteXlsxAsync(body, columns, rows, sheetName, cancellationToken);

    /// <summary>UTF-8 with a byte-order mark, which Excel needs to read anything beyond ASCII correctly.</summary>
    public static async Task WriteCsvAsync(Stream body, IReadOnlyList<TableColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        await using var text = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await using var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = Invariant }).To(text, leaveOpen: true);
        writer.Header.Add([.. columns.Select(c => c.Name)]);
        await writer.Header.WriteAsync(cancellationToken);
        foreach (var row in rows)
        {
            await using var line = writer.NewRow(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                line[i].Set(CsvCell(row[i]));
            }
        }

        await writer.FlushAsync(cancellationToken);
        await text.FlushAsync(cancellationToken);
    }

    public static async Task WriteXlsxAsync(Stream body, IReadOnlyList<TableColumn> columns, IEnumerable<object?[]> rows, string sheetName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = true,
            DynamicColumns = [.. columns.Select((c, i) => new DynamicExcelColumn(c.Name)
            {
                Index = i,
                Width = c.Width,
                Format = c.Kind == CellKind.Time ? XlsxTimeFormat : null,
            })],
        };

        await using var buffer = new AsyncWriteBuffer(body);
        object sheet = HeaderOnlyIfEmpty(columns, rows.Select(row => XlsxRow(columns, row)), out var content) ? EmptyTable(columns) : content;
        await MiniExcel.SaveAsAsync(buffer, sheet, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: cancellationToken);
        await buffer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Reads an uploaded table, .xlsx (recognised by its zip signature) or CSV, into rows by column name. 413 past
    /// <see cref="MaxUploadBytes"/>; 422 naming the missing columns when the header lacks any of <paramref name="required"/>.
    /// </summary>
    /// <returns>The rows, and the SHA-256 of the file (what an Idempotency-Key is checked against).</returns>
    public static async Task<(IReadOnlyList<ImportRow> Rows, string Hash)> ReadAsync(Stream upload, IReadOnlyList<string> required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(required);
        using var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (copy.Length + read > MaxUploadBytes)
            {
                throw new TooLargeException("The file is too large", $"Upload at most {MaxUploadBytes / (1024 * 1024)} MB; split a larger file by partner.");
            }

            copy.Write(chunk, 0, read);
        }

        copy.Position = 0;
        var isXlsx = copy.Length >= 4 && copy.GetBuffer() is [0x50, 0x4B, 0x03, 0x04, ..];
        var (header, rows) = isXlsx ? ReadXlsx(copy) : ReadCsv(copy);
        var missing = required.Where(name => !header.Contains(name, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new ValidationFailedException(
                "row 1",
                $"The header row lacks {string.Join(", ", missing)}: upload the returns export's layout (its first row names the columns).");
        }

        return (rows, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy.GetBuffer().AsSpan(0, (int)copy.Length))));
    }

    private static (IReadOnlyList<string> Header, IReadOnlyList<ImportRow> Rows) ReadCsv(MemoryStream file)
    {
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true, HasHeader = true, CultureInfo = Invariant }).From(file, leaveOpen: true);
            var header = reader.Header.ColNames.Select(n => n.Trim()).ToList();
            var rows = new List<ImportRow>();
            var number = 1;
            foreach (var row in reader)
            {
                number++;
                var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < header.Count && i < row.ColCount; i++)
                {
                    cells[header[i]] = row[i].ToString();
                }

                if (cells.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                {
                    rows.Add(new ImportRow(number, cells));
                }
            }

            return (header, rows);
        }
        catch (InvalidDataException e)
        {
            throw new ValidationFailedException("file", $"The file is not a readable CSV: {e.Message}");
        }
    }

    private static (IReadOnlyList<string> Header, IReadOnlyList<ImportRow> Rows) ReadXlsx(MemoryStream file)
    {
        try
        {
            var rows = new List<ImportRow>();
            IReadOnlyList<string> header = [];
            var number = 1;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(file, useHeaderRow: true, excelType: ExcelType.XLSX))
            {
                if (number == 1)
                {
                    header = [.. row.Keys.Select(k => k.Trim())];
                }

                number++;
                var cells = row.ToDictionary(p => p.Key.Trim(), p => XlsxCellText(p.Value), StringComparer.Ordinal);
                if (cells.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                {
                    rows.Add(new ImportRow(number, cells));
                }
            }

            if (number == 1)
            {
                header = [.. MiniExcel.GetColumns(file, useHeaderRow: true, excelType: ExcelType.XLSX).Select(k => k.Trim())];
            }

            return (header, rows);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException or System.Xml.XmlException or IOException)
        {
            throw new ValidationFailedException("file", $"The file is not a readable .xlsx workbook: {e.Message}");
        }
    }

    private static string? XlsxCellText(object? value) => value switch
    {
        null => null,
        string text => text,
        double number when Math.Abs(number) < 7.9e27 => ((decimal)number).ToString(Invariant),
        double number => number.ToString("R", Invariant),
        DateTime time => time.ToString("yyyy-MM-ddTHH:mm:ss", Invariant),
        bool flag => flag ? "true" : "false",
        IFormattable other => other.ToString(null, Invariant),
        _ => value.ToString(),
    };

    private static string CsvCell(object? value) => value switch
    {
        null => "",
        string text => SpreadsheetText.Neutralise(text),
        decimal number => number.ToString(PlainNumber, Invariant),
        DateTimeOffset time => time.ToString("yyyy-MM-ddTHH:mm:sszzz", Invariant),
        bool flag => flag ? "true" : "false",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Export cells are text, decimals, times or booleans."),
    };

    private static Dictionary<string, object?> XlsxRow(IReadOnlyList<TableColumn> columns, object?[] row)
    {
        var cells = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            cells[columns[i].Name] = row[i] switch
            {
                string text => SpreadsheetText.Neutralise(text),

                // Spreadsheets hold local times without an offset: the UK time the row already carries.
                DateTimeOffset time => time.DateTime,
                var other => other,
            };
        }

        return cells;
    }

    // MiniExcel takes its header from the first row, so an empty export is written from an empty table instead.
    private static bool HeaderOnlyIfEmpty(IReadOnlyList<TableColumn> columns, IEnumerable<Dictionary<string, object?>> rows, out IEnumerable<Dictionary<string, object?>> content)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var enumerator = rows.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            enumerator.Dispose();
            content = [];
            return true;
        }

        content = Continue(enumerator);
        return false;
    }

    private static IEnumerable<Dictionary<string, object?>> Continue(IEnumerator<Dictionary<string, object?>> enumerator)
    {
        using (enumerator)
        {
            do
            {
                yield return enumerator.Current;
            }
            while (enumerator.MoveNext());
        }
    }

    private static DataTable EmptyTable(IReadOnlyList<TableColumn> columns)
    {
        var table = new DataTable();
        foreach (var column in columns)
        {
            table.Columns.Add(column.Name, typeof(string));
        }

        return table;
    }
}
