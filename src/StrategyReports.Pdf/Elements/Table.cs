using PdfSharp.Drawing;
using StrategyReports.Pdf.Layout;

namespace StrategyReports.Pdf;

/// <summary>One table cell: plain text (styled by the table) or any element.</summary>
public sealed class TableCell
{
    public TableCell(string text) => Text = text ?? throw new ArgumentNullException(nameof(text));

    public TableCell(Element content) => Content = content ?? throw new ArgumentNullException(nameof(content));

    public string? Text { get; }

    public Element? Content { get; }

    /// <summary>Overrides the table's background for this cell.</summary>
    public Rgb? Background { get; init; }

    /// <summary>Alignment of a text cell; numbers read best right-aligned.</summary>
    public TextAlignment Alignment { get; init; } = TextAlignment.Left;

    public static implicit operator TableCell(string text) => FromString(text);

    public static implicit operator TableCell(Element content) => FromElement(content);

    public static TableCell FromString(string text) => new(text);

    public static TableCell FromElement(Element content) => new(content);
}

/// <summary>
/// Rows of cells in fixed or relative columns. Header rows repeat at the top of every page the table
/// reaches; body rows are never cut in two, they move whole to the next page.
/// </summary>
public sealed class Table : Element
{
    private readonly ColumnWidth[] _columns;
    private readonly List<TableCell[]> _header;
    private readonly List<TableCell[]> _rows;

    public Table(params ColumnWidth[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfZero(columns.Length);
        _columns = columns;
        _header = [];
        _rows = [];
    }

    private Table(Table source, int firstRow)
    {
        _columns = source._columns;
        _header = source._header;
        _rows = source._rows.GetRange(firstRow, source._rows.Count - firstRow);
        CellPadding = source.CellPadding;
        BorderColor = source.BorderColor;
        BorderWidth = source.BorderWidth;
        HeaderBackground = source.HeaderBackground;
        TextStyle = source.TextStyle;
        HeaderTextStyle = source.HeaderTextStyle;
    }

    public Edges CellPadding { get; init; } = Edges.Symmetric(4, 5);

    public Rgb BorderColor { get; init; } = Rgb.MidGrey;

    /// <summary>Width of the cell borders in points; 0 draws none.</summary>
    public double BorderWidth { get; init; } = 0.5;

    public Rgb? HeaderBackground { get; init; } = Rgb.PaleGrey;

    public TextStyle TextStyle { get; init; } = TextStyle.Default.WithSize(9);

    public TextStyle HeaderTextStyle { get; init; } = TextStyle.Default.WithSize(9).AsBold();

    public int RowCount => _rows.Count;

    /// <summary>Adds a header row, repeated on every page.</summary>
    public Table Header(params TableCell[] cells)
    {
        _header.Add(Checked(cells));
        return this;
    }

    public Table AddRow(params TableCell[] cells)
    {
        _rows.Add(Checked(cells));
        return this;
    }

    private TableCell[] Checked(TableCell[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException($"The table has {_columns.Length} columns; the row has {cells.Length} cells.", nameof(cells));
        }

        return cells;
    }

    internal override Slice Layout(LayoutContext context, Space space)
    {
        var widths = ColumnWidth.Resolve(_columns, space.Width, 0);
        var header = _header.Select(r => Measure(context, r, widths, isHeader: true)).ToList();
        var used = header.Sum(r => r.Height);
        var body = new List<MeasuredRow>();
        foreach (var row in _rows)
        {
            var measured = Measure(context, row, widths, isHeader: false);
            var fitsWithHeader = used + measured.Height <= space.Height + 0.001;
            if (!fitsWithHeader && !(body.Count == 0 && space.MustProgress))
            {
                break;
            }

            body.Add(measured);
            used += measured.Height;
        }

        if (body.Count == 0 && _rows.Count > 0)
        {
            return Slice.Nothing(this);
        }

        var remainder = body.Count < _rows.Count ? new Table(this, body.Count) : null;
        return new Slice(used, (draw, x, y) =>
        {
            foreach (var row in header.Concat(body))
            {
                Paint(draw, row, widths, x, y);
                y += row.Height;
            }
        }, remainder);
    }

    private sealed record MeasuredRow(double Height, Slice[] Cells, Rgb?[] Backgrounds);

    private MeasuredRow Measure(LayoutContext context, TableCell[] row, double[] widths, bool isHeader)
    {
        var cells = new Slice[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            var content = row[i].Content ?? new Text(row[i].Text!, isHeader ? HeaderTextStyle : TextStyle, row[i].Alignment);
            cells[i] = content.Layout(context, Space.Measuring(Math.Max(0, widths[i] - CellPadding.Horizontal)));
        }

        var backgrounds = row.Select(c => c.Background ?? (isHeader ? HeaderBackground : null)).ToArray();
        return new MeasuredRow(cells.Max(c => c.Height) + CellPadding.Vertical, cells, backgrounds);
    }

    private void Paint(DrawContext draw, MeasuredRow row, double[] widths, double x, double y)
    {
        var pen = BorderWidth > 0 ? new XPen(BorderColor.ToXColor(), BorderWidth) : null;
        for (var i = 0; i < widths.Length; i++)
        {
            var rect = new XRect(x, y, widths[i], row.Height);
            if (row.Backgrounds[i] is { } background)
            {
                draw.Graphics.DrawRectangle(new XSolidBrush(background.ToXColor()), rect);
            }

            if (pen is not null)
            {
                draw.Graphics.DrawRectangle(pen, rect);
            }

            row.Cells[i].Paint?.Invoke(draw, x + CellPadding.Left, y + CellPadding.Top);
            x += widths[i];
        }
    }
}
