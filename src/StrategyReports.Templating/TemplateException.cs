namespace StrategyReports.Templating;

/// <summary>A template that can't be used, with the file, line and column to fix.</summary>
public sealed class TemplateException(string file, int? line, int? column, string problem, Exception? inner = null)
    : Exception(Where(file, line, column) + ": " + problem, inner)
{
    public string File { get; } = file;

    /// <summary>1-based line, when the problem has a place in the file.</summary>
    public int? Line { get; } = line;

    /// <summary>1-based column, when the problem has a place in the file.</summary>
    public int? Column { get; } = column;

    public string Problem { get; } = problem;

    private static string Where(string file, int? line, int? column) =>
        line is null ? file : column is null ? $"{file}:{line}" : $"{file}:{line}:{column}";
}
