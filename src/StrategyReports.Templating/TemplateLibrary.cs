using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace StrategyReports.Templating;

/// <summary>
/// Every Handlebars template of a folder, compiled once at start-up so a broken template (bad syntax,
/// a missing partial, an unknown helper) stops the app with its file and line instead of failing a
/// report at render time. Output is HTML-escaped unless a template uses triple braces.
/// </summary>
/// <remarks>
/// Files under a folder named <c>partials</c> are partials, named by their file name without
/// <c>.hbs</c>; every other <c>.hbs</c> file is a template named by its path relative to the root
/// without the extension, with forward slashes (e.g. <c>reports/highlight-report</c>).
/// </remarks>
public sealed partial class TemplateLibrary
{
    private static readonly HashSet<string> BuiltIns = new(StringComparer.Ordinal)
    {
        "if", "unless", "each", "with", "lookup", "log", "else", "this", "blockHelperMissing", "helperMissing",
    };

    private readonly Dictionary<string, HandlebarsTemplate<object, object>> _templates;

    private TemplateLibrary(Dictionary<string, HandlebarsTemplate<object, object>> templates, string version)
    {
        _templates = templates;
        Version = version;
    }

    /// <summary>Names of the templates (not partials), sorted.</summary>
    public IReadOnlyList<string> Names => [.. _templates.Keys.Order(StringComparer.Ordinal)];

    /// <summary>SHA-256 over every template and partial: what a report's manifest records as its template version.</summary>
    public string Version { get; }

    public bool Contains(string name) => _templates.ContainsKey(name);

    /// <exception cref="KeyNotFoundException">No template has that name.</exception>
    public string Render(string name, object model)
    {
        if (!_templates.TryGetValue(name, out var template))
        {
            throw new KeyNotFoundException($"There is no template named '{name}'.");
        }

        return template(model);
    }

    /// <summary>Loads and checks every template under <paramref name="root"/>.</summary>
    /// <exception cref="TemplateException">A template is broken; the message names the file and line.</exception>
    public static TemplateLibrary Load(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The templates folder '{root}' does not exist.");
        }

        var files = Directory.EnumerateFiles(root, "*.hbs", SearchOption.AllDirectories)
            .Select(path => new TemplateFile(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        return FromSources(files);
    }

    /// <summary>Builds a library from sources already in memory (tests, embedded templates).</summary>
    public static TemplateLibrary FromSources(IReadOnlyList<TemplateFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var handlebars = Handlebars.Create(new HandlebarsConfiguration
        {
            FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
        });
        TemplateHelpers.Register(handlebars);

        var partials = files.Where(f => f.IsPartial).ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var file in files)
        {
            Check(file, partials);
        }

        foreach (var partial in partials.Values)
        {
            Compile(partial, source => handlebars.RegisterTemplate(partial.Name, source));
        }

        var templates = new Dictionary<string, HandlebarsTemplate<object, object>>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => !f.IsPartial))
        {
            Compile(file, source => templates[file.Name] = handlebars.Compile(source));
        }

        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Concat(files.Select(f => $"{f.RelativePath}\n{f.Source}\n")))));
        return new TemplateLibrary(templates, version);
    }

    private static void Compile(TemplateFile file, Action<string> compile)
    {
        try
        {
            compile(file.Source);
        }
        catch (HandlebarsException e)
        {
            throw new TemplateException(file.RelativePath, LineFromMessage(e.Message), e.Message, e);
        }
    }

    // Handlebars.Net resolves partials and helpers only when a template runs; checking every
    // reference now moves those failures to start-up.
    private static void Check(TemplateFile file, Dictionary<string, TemplateFile> partials)
    {
        foreach (Match match in Mustache().Matches(file.Source))
        {
            var line = file.Source.AsSpan(0, match.Index).Count('\n') + 1;
            var body = match.Groups["body"].Value.Trim();
            if (body.StartsWith('!'))
            {
                continue;
            }

            if (body.StartsWith('>') || body.StartsWith("#>", StringComparison.Ordinal))
            {
                var partial = body.TrimStart('#', '>').Trim().Split(' ', 2)[0].Trim('"', '\'');
                if (!partials.ContainsKey(partial))
                {
                    throw new TemplateException(file.RelativePath, line, $"the partial '{partial}' does not exist.");
                }

                continue;
            }

            var expression = body.TrimStart('#', '^', '/', '&', '{', '~').TrimEnd('}', '~').Trim();
            var parts = expression.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && !parts[0].Contains('.', StringComparison.Ordinal) && !parts[0].StartsWith('@')
                && !BuiltIns.Contains(parts[0]) && !TemplateHelpers.Names.Contains(parts[0]) && !body.StartsWith('/'))
            {
                throw new TemplateException(file.RelativePath, line, $"'{parts[0]}' is not a helper ({{{{{expression}}}}}).");
            }
        }
    }

    private static int? LineFromMessage(string message)
    {
        var match = LineNumber().Match(message);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\{\{(?<body>\{?[^{}]*\}?)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Mustache();

    [GeneratedRegex(@"line:?\s*(\d+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LineNumber();
}

/// <summary>One template source and where it came from.</summary>
public sealed record TemplateFile(string RelativePath, string Source)
{
    public bool IsPartial => RelativePath.Split('/').Contains("partials", StringComparer.Ordinal);

    public string Name => IsPartial
        ? Path.GetFileNameWithoutExtension(RelativePath)
        : RelativePath[..^".hbs".Length];
}
