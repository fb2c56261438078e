namespace StrategyReports.Templating;

/// <summary>A template that can't be used, with the file and line to fix.</summary>
public sealed class TemplateException(string file, int? line, string problem, Exception? inner = null)
    : Exception(line is null ? $"{file}: {problem}" : $"{file}:{line}: {problem}", inner)
{
    public string File { get; } = file;

    public int? Line { get; } = line;

    public string Problem { get; } = problem;
}
