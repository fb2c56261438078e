using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace StrategyReports.Templating;

/// <summary>
/// The context every template renders in. Whatever an expression writes is HTML-encoded here, so a
/// template cannot forget to escape: only a <see cref="TrustedHtml"/> is written as it is. A value
/// written straight into a URL attribute (<c>href="{{ x }}"</c>) must also be a path on this site or
/// a fragment, so text such as <c>javascript:</c> can never become a link.
/// </summary>
internal sealed class HtmlTemplateContext : TemplateContext
{
    private static readonly string[] UrlAttributes = ["href=\"", "src=\"", "action=\"", "formaction=\""];

    // The built-in functions (string, array, ...) are the same for every render: build them once.
    private static readonly Scriban.Functions.BuiltinFunctions Builtins = new();

    // How to read each model type's members: the same for every render (the member renamer and
    // filter never change), so found by reflection once per type instead of once per render.
    private static readonly ConcurrentDictionary<Type, IObjectAccessor?> Accessors = new();

    public HtmlTemplateContext()
        : base(Builtins)
    {
        // Numbers a template writes read the same whatever the server's or the caller's culture.
        PushCulture(CultureInfo.InvariantCulture);
        // Templates name members as the C# code does (PascalCase), and anything they name must exist.
        MemberRenamer = member => member.Name;
        StrictVariables = true;
        EnableRelaxedMemberAccess = false;
        EnableRelaxedFunctionAccess = false;
        EnableRelaxedTargetAccess = false;
        EnableRelaxedIndexerAccess = false;
        LoopLimit = 10_000;
    }

    /// <summary>How deep partials are nested now: a partial that includes itself stops instead of overflowing the stack.</summary>
    public int IncludeDepth { get; set; }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        switch (textAsObject)
        {
            case null:
                return this;
            case TrustedHtml trusted:
                Write(trusted.Html);
                return this;
        }

        var text = textAsObject as string ?? ObjectToString(textAsObject) ?? string.Empty;
        if (InUrlAttribute() && !IsLocalUrl(text))
        {
            text = "#";
        }

        Write(Encode(text));
        return this;
    }

    protected override IObjectAccessor? GetMemberAccessorImpl(object target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target is ModelSketch)
        {
            return ModelSketch.Accessor.Instance;
        }

        var type = target.GetType();
        if (!Accessors.TryGetValue(type, out var accessor))
        {
            accessor = base.GetMemberAccessorImpl(target);
            Accessors.TryAdd(type, accessor);
        }

        return accessor;
    }

    public override ValueTask<TemplateContext> WriteAsync(SourceSpan span, object? textAsObject) => new(Write(span, textAsObject));

    /// <summary>Encodes the characters that could end text or an attribute value, with the entities Handlebars used (so pages read the same).</summary>
    public static string Encode(string text)
    {
        var builder = (StringBuilder?)null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var entity = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#x27;",
                _ => null,
            };
            if (entity is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            builder.Append(entity);
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>A path on this site (<c>/r/abc</c>) or a fragment (<c>#key</c>): never a scheme or another host.</summary>
    public static bool IsLocalUrl(string url) =>
        url.StartsWith('#')
        || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal));

    // Reads only the last few characters written, through the builder's indexer (cheap at the end),
    // since this runs for every expression.
    private bool InUrlAttribute()
    {
        if (Output is not StringBuilderOutput { Builder: var written } || written.Length == 0 || written[^1] != '"')
        {
            return false;
        }

        foreach (var attribute in UrlAttributes)
        {
            if (EndsWith(written, attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWith(StringBuilder written, string suffix)
    {
        if (written.Length < suffix.Length)
        {
            return false;
        }

        for (var i = 1; i <= suffix.Length; i++)
        {
            if (char.ToLowerInvariant(written[^i]) != suffix[^i])
            {
                return false;
            }
        }

        return true;
    }
}
