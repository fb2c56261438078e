using System.Buffers;
using System.Collections;
using System.Security.Cryptography;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace StrategyReports.Templating;

/// <summary>A template and the view model type it renders, e.g. <c>reports/highlight-report</c> and <c>HighlightReport</c>.</summary>
public sealed record TemplateModel(string Name, Type ModelType);

/// <summary>
/// Every Scriban template of the templates folder, parsed and checked once at start-up so a broken
/// template stops the app with its file, line and column instead of failing a page or a report later:
/// a syntax error, an include that does not exist, a function that does not exist, or a member its
/// model type lacks (each template is run against samples of its model with strict member access).
/// Everything an expression writes is HTML-encoded (<see cref="HtmlTemplateContext"/>).
/// </summary>
/// <remarks>
/// Templates are <c>.sbn-html</c> files named by their path relative to the folder without the
/// extension, with forward slashes (e.g. <c>reports/highlight-report</c>). Files in a folder named
/// <c>partials</c> are included, never rendered alone: <c>{{ include 'rag-chip' OverallRag }}</c>
/// runs the partial with the members of its second argument in scope, and the argument itself as
/// <c>Model</c> (for a list).
/// </remarks>
public sealed class TemplateLibrary
{
    private const int MaxIncludeDepth = 16;

    private readonly Dictionary<string, Template> _templates;
    private readonly Dictionary<string, Template> _partials;
    private readonly ScriptObject _functions;

    private TemplateLibrary(Dictionary<string, Template> templates, Dictionary<string, Template> partials, IReadOnlyDictionary<string, TemplateFunction> functions, string version, string checkedAs)
    {
        _templates = templates;
        _partials = partials;
        Version = version;
        CheckedAs = checkedAs;
        _functions = new ScriptObject();
        foreach (var (name, function) in functions)
        {
            _functions.SetValue(name, function, readOnly: true);
        }

        _functions.SetValue("include", TemplateFunction.OfContext(Include), readOnly: true);
        _functions.SetValue("present", TemplateFunction.Of<object?, bool>(Present), readOnly: true);
    }

    /// <summary>Names of the templates (not partials), sorted.</summary>
    public IReadOnlyList<string> Names => [.. _templates.Keys.Order(StringComparer.Ordinal)];

    /// <summary>SHA-256 over every template and partial: what a report's manifest records as its template version.</summary>
    public string Version { get; }

    /// <summary>
    /// SHA-256 over what the model check depends on: every template and partial (<see cref="Version"/>), each model type with the
    /// build of its assembly, and the function names. A deployment package checks its templates when it is built and keeps this
    /// beside them, so its starts can skip the model check while none of that has changed (<see cref="Load"/>).
    /// </summary>
    public string CheckedAs { get; }

    /// <summary>Whether this load ran every template against samples of its model, rather than finding it already checked.</summary>
    public bool ModelsChecked { get; private set; }

    public bool Contains(string name) => _templates.ContainsKey(name);

    /// <exception cref="KeyNotFoundException">No template has that name.</exception>
    public string Render(string name, object model)
    {
        var (template, context) = Start(name, model);
        return template.Render(context);
    }

    /// <summary>
    /// Renders straight to UTF-8, encoding the rendered text where it was written: a board pack's text
    /// (about 70,000 characters) as one string would land on the large object heap on every render,
    /// and copying it out was a fifth of the report benchmark's profile.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No template has that name.</exception>
    public byte[] RenderUtf8(string name, object model)
    {
        var (template, context) = Start(name, model);

        // What Template.Render does before it turns the output into a string.
        if (context.Evaluate(template.Page!) is { } result)
        {
            context.Write(template.Page!.Span, result);
        }

        var written = ((StringBuilderOutput)context.Output).Builder;
        var encoder = Encoding.UTF8.GetEncoder();
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(written.Length));
        try
        {
            var length = 0;
            foreach (var chunk in written.GetChunks())
            {
                // Stateful across chunks, so a surrogate pair split between two chunks encodes as one character.
                length += encoder.GetBytes(chunk.Span, buffer.AsSpan(length), flush: false);
            }

            length += encoder.GetBytes([], buffer.AsSpan(length), flush: true);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private (Template Template, HtmlTemplateContext Context) Start(string name, object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!_templates.TryGetValue(name, out var template))
        {
            throw new KeyNotFoundException($"There is no template named '{name}'.");
        }

        var context = new HtmlTemplateContext();
        context.PushGlobal(_functions);
        context.PushGlobal(new ModelScope(context, model));
        return (template, context);
    }

    /// <summary>Loads and checks every template under <paramref name="root"/>.</summary>
    /// <param name="models">The templates to render and their model types; other templates are parsed and checked but cannot be rendered.</param>
    /// <param name="functions">Functions templates may call besides <c>include</c> and <c>present</c>, by name.</param>
    /// <param name="checkedAs">
    /// The <see cref="CheckedAs"/> of an earlier load that checked these templates against these models: when it matches, the check of
    /// members against samples of each model is skipped (syntax, includes and functions are still checked).
    /// </param>
    /// <exception cref="TemplateException">A template is broken; the message names the file, line and column.</exception>
    public static TemplateLibrary Load(string root, IEnumerable<TemplateModel> models, IReadOnlyDictionary<string, TemplateFunction> functions, string? checkedAs = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(functions);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The templates folder '{root}' does not exist.");
        }

        var loader = new TemplatesFolderLoader(root);
        var sources = Directory.EnumerateFiles(root, "*" + TemplatesFolderLoader.Extension, SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => (Path: relative, Source: Read(loader, relative)))
            .ToList();

        var parsed = sources.ToDictionary(s => s.Path, s => Parse(s.Path, s.Source), StringComparer.Ordinal);
        var known = functions.Keys.Concat(["include", "present"]).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, template) in parsed)
        {
            new CallCheck(path, parsed.Keys.ToHashSet(StringComparer.Ordinal), known).Visit(template.Page);
        }

        // Only templates with a declared model can be rendered: each is checked against that type.
        var modelOf = models.ToDictionary(m => m.Name, m => m.ModelType, StringComparer.Ordinal);
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var name in modelOf.Keys.Order(StringComparer.Ordinal))
        {
            templates[name] = parsed.GetValueOrDefault(name + TemplatesFolderLoader.Extension)
                ?? throw new TemplateException(name + TemplatesFolderLoader.Extension, null, null, $"there is no such template, yet {modelOf[name].Name} is declared as its model.");
        }

        var partials = parsed.Where(p => IsPartial(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(sources.Select(s => $"{s.Path}\n{s.Source}\n")))));
        var library = new TemplateLibrary(templates, partials, functions, version, Stamp(version, modelOf, functions));
        if (library.CheckedAs != checkedAs)
        {
            foreach (var name in templates.Keys)
            {
                library.Check(name, modelOf[name]);
            }

            library.ModelsChecked = true;
        }

        return library;
    }

    private static string Stamp(string version, Dictionary<string, Type> modelOf, IReadOnlyDictionary<string, TemplateFunction> functions)
    {
        var checkedAs = new StringBuilder(version).Append('\n').Append(typeof(TemplateLibrary).Module.ModuleVersionId).Append('\n');
        foreach (var (name, type) in modelOf.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            checkedAs.Append(name).Append(' ').Append(type.AssemblyQualifiedName).Append(' ').Append(type.Module.ModuleVersionId).Append('\n');
        }

        foreach (var name in functions.Keys.Order(StringComparer.Ordinal))
        {
            checkedAs.Append(name).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(checkedAs.ToString())));
    }

    // Runs the template against a sample of its model with every flag set and every list filled,
    // then with every flag clear, every list empty and every optional member missing, so each side
    // of each condition meets strict member access. The samples are sketches (members and values
    // without instances), which a start-up can check without a reflection stub per member.
    private void Check(string name, Type modelType)
    {
        foreach (var values in new SampleValues[] { new Filled(), new Bare() })
        {
            try
            {
                Render(name, ModelSamples.Sketch(modelType, values));
            }
            catch (ScriptRuntimeException e)
            {
                throw new TemplateException(e.Span.FileName, e.Span.Start.Line + 1, e.Span.Start.Column + 1, e.OriginalMessage, e);
            }
        }
    }

    private static string Read(TemplatesFolderLoader loader, string relative)
    {
        try
        {
            return loader.Read(relative);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TemplateException(relative, null, null, e.Message, e);
        }
    }

    private static Template Parse(string path, string source)
    {
        var template = Template.Parse(source, path);
        if (template.HasErrors)
        {
            var error = template.Messages.First(m => m.Type == ParserMessageType.Error);
            throw new TemplateException(path, error.Span.Start.Line + 1, error.Span.Start.Column + 1, error.Message);
        }

        return template;
    }

    private static bool IsPartial(string path) => path.Split('/').Contains("partials", StringComparer.Ordinal);

    private object? Include(TemplateContext context, string name, object? model)
    {
        var caller = context.CurrentNode?.Span.FileName ?? string.Empty;
        var path = TemplatesFolderLoader.Resolve(caller, name);
        if (!_partials.TryGetValue(path, out var partial))
        {
            throw new ScriptRuntimeException(context.CurrentNode?.Span ?? default, $"There is no partial '{name}' ({path}).");
        }

        var html = (HtmlTemplateContext)context;
        if (++html.IncludeDepth > MaxIncludeDepth)
        {
            throw new ScriptRuntimeException(context.CurrentNode?.Span ?? default, $"Partials include each other more than {MaxIncludeDepth} deep.");
        }

        context.PushGlobal(new ModelScope(context, model));
        try
        {
            context.Evaluate(partial.Page!);
        }
        finally
        {
            context.PopGlobal();
            html.IncludeDepth--;
        }

        return null;
    }

    /// <summary>Handlebars' idea of "there is something to show": not null, false, zero, an empty string or an empty list.</summary>
    private static bool Present(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        int i => i != 0,
        long l => l != 0,
        decimal d => d != 0,
        ICollection c => c.Count > 0,
        IEnumerable e => e.GetEnumerator().MoveNext(),
        _ => true,
    };

    /// <summary>Every call names a function that exists, and every include a partial that exists, whether or not that line ever runs.</summary>
    private sealed class CallCheck(string path, HashSet<string> files, HashSet<string> functions) : ScriptVisitor
    {
        public override void Visit(ScriptFunctionCall node)
        {
            if (node.Target is ScriptVariableGlobal { Name: var name })
            {
                CheckFunction(name, node.Span);
                if (name == "include")
                {
                    CheckInclude(node);
                }
            }

            base.Visit(node);
        }

        public override void Visit(ScriptPipeCall node)
        {
            if (node.To is ScriptVariableGlobal { Name: var name })
            {
                CheckFunction(name, node.To.Span);
            }

            base.Visit(node);
        }

        private void CheckFunction(string name, SourceSpan span)
        {
            if (!functions.Contains(name))
            {
                throw Error(span, $"'{name}' is not a function templates can use (they can use {string.Join(", ", functions.Order(StringComparer.Ordinal))}).");
            }
        }

        private void CheckInclude(ScriptFunctionCall node)
        {
            if (node.Arguments.Count is < 1 or > 2 || node.Arguments[0] is not ScriptLiteral { Value: string partial })
            {
                throw Error(node.Span, "include takes a partial's name in quotes and, optionally, what the partial shows.");
            }

            string resolved;
            try
            {
                resolved = TemplatesFolderLoader.Resolve(path, partial);
            }
            catch (ArgumentException e)
            {
                throw Error(node.Span, e.Message);
            }

            if (!files.Contains(resolved))
            {
                throw Error(node.Span, $"the partial '{partial}' does not exist (looked for {resolved}).");
            }
        }

        private TemplateException Error(SourceSpan span, string problem) => new(path, span.Start.Line + 1, span.Start.Column + 1, problem);
    }

    private sealed class Filled : SampleValues
    {
        public override string Text() => "x";

        public override bool Flag() => true;

        public override int Count() => 1;

        public override bool Null() => false;
    }

    private sealed class Bare : SampleValues
    {
        public override string Text() => string.Empty;

        public override bool Flag() => false;

        public override int Count() => 0;

        public override bool Null() => true;

        public override decimal Number() => 0;
    }
}
