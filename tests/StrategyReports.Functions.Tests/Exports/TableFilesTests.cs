using System.IO.Compression;
using System.Text;
using StrategyReports.Domain.Exports;
using StrategyReports.Functions.Exports;

namespace StrategyReports.Functions.Tests.Exports;

/// <summary>Formula-looking text is neutralised in both formats while numbers, negative ones too, stay numbers.</summary>
public class TableFilesTests
{
    private static readonly TableColumn[] Columns = [new("name", CellKind.Text, 10), new("figure", CellKind.Number, 10)];

    private static readonly object?[][] Rows =
    [
        ["=1+2", -5.25m],
        ["+44 161", 0m],
        ["-", -1m],
        ["@SUM(A1)", 12.50m],
        ["\tTabbed", null],
        ["\rReturn", 3m],
        ["Plain", 7m],
    ];

    [Fact]
    public async Task Csv_guards_formula_text_and_writes_numbers_plainly()
    {
        using var body = new MemoryStream();
        await TableFiles.WriteCsvAsync(body, Columns, Rows, CancellationToken.None);
        var (_, rows) = ExportsTestData.ReadCsv(Encoding.UTF8.GetString(body.ToArray()).TrimStart('\uFEFF'));

        Assert.Equal(["'=1+2", "'+44 161", "'-", "'@SUM(A1)", "'\tTabbed", "'\rReturn", "Plain"], rows.Select(r => r[0]));
        Assert.Equal(["-5.25", "0", "-1", "12.5", "", "3", "7"], rows.Select(r => r[1]));
        Assert.All(rows.Select(r => r[0]), text => Assert.Equal(text.TrimStart('\''), SpreadsheetText.Restore(text)));
    }

    [Fact]
    public async Task Xlsx_holds_guarded_text_as_text_and_negative_numbers_as_number_cells()
    {
        using var body = new MemoryStream();
        await TableFiles.WriteXlsxAsync(body, Columns, Rows, "Sheet", CancellationToken.None);
        using var zip = new ZipArchive(new MemoryStream(body.ToArray()));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = reader.ReadToEnd();

        Assert.Contains("<x:c r=\"B2\" t=\"n\" s=\"2\"><x:v>-5.25</x:v>", sheet, StringComparison.Ordinal);
        Assert.Contains("<x:v>&apos;=1+2</x:v>", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<x:f>", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_export_still_has_its_header_row()
    {
        using var body = new MemoryStream();
        await TableFiles.WriteXlsxAsync(body, Columns, [], "Sheet", CancellationToken.None);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(body.ToArray())).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["name", "figure"], Assert.Single(rows).Values);
    }
}
