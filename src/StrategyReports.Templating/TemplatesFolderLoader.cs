using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace StrategyReports.Templating;

/// <summary>
/// Finds an included template inside the templates folder and nowhere else. <c>include 'rag-chip'</c>
/// in <c>reports/board-pack.sbn-html</c> (or in any partial beside it) means
/// <c>reports/partials/rag-chip.sbn-html</c>. Names with <c>..</c>, rooted or drive paths, and files
/// reached through a link that points out of the folder are refused.
/// </summary>
public sealed class TemplatesFolderLoader : ITemplateLoader
{
    public const string Extension = ".sbn-html";

    private readonly string _root;

    public TemplatesFolderLoader(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The path, relative to the folder, that <paramref name="name"/> means when included from <paramref name="caller"/> (itself relative).</summary>
    /// <exception cref="ArgumentException">The name could reach outside the folder.</exception>
    public static string Resolve(string caller, string name)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrWhiteSpace(name) || name.Contains("..", StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.Contains(':', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a partial's name: use the file name without '{Extension}', with no folders.", nameof(name));
        }

        var folder = Path.GetDirectoryName(caller)?.Replace('\\', '/') ?? string.Empty;
        if (Path.GetFileName(folder) == "partials")
        {
            folder = Path.GetDirectoryName(folder)?.Replace('\\', '/') ?? string.Empty;
        }

        return (folder.Length == 0 ? "partials/" : folder + "/partials/") + name + Extension;
    }

    /// <summary>Reads a template by its path relative to the folder.</summary>
    /// <exception cref="FileNotFoundException">No such template.</exception>
    /// <exception cref="UnauthorizedAccessException">The path, or a link on it, leads outside the folder.</exception>
    public string Read(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (Path.IsPathRooted(relativePath) || relativePath.Split('/', '\\').Contains(".."))
        {
            throw new UnauthorizedAccessException($"'{relativePath}' is outside the templates folder.");
        }

        var full = Path.GetFullPath(Path.Combine(_root, relativePath));
        if (!Inside(full))
        {
            throw new UnauthorizedAccessException($"'{relativePath}' is outside the templates folder.");
        }

        // Every folder on the way and the file itself: a link must also land inside.
        for (var path = full; path.Length > _root.Length; path = Path.GetDirectoryName(path)!)
        {
            var info = new FileInfo(path);
            var target = info.Exists ? info.ResolveLinkTarget(returnFinalTarget: true) : new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null && !Inside(Path.GetFullPath(target.FullName)))
            {
                throw new UnauthorizedAccessException($"'{relativePath}' links outside the templates folder.");
            }
        }

        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"There is no template '{relativePath}'.", relativePath);
        }

        return File.ReadAllText(full);
    }

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        Resolve(callerSpan.FileName ?? string.Empty, templateName);

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Read(templatePath);

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Read(templatePath));

    private bool Inside(string full) =>
        full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
