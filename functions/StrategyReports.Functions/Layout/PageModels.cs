namespace StrategyReports.Functions.Layout;

/// <summary>
/// A page's view model, and the template (<c>{Template}.sbn-html</c>, beside its handler in the feature's folder) it renders
/// through. Each template is checked against its model type at start-up, and the hostile-input tests
/// find every model by this interface.
/// </summary>
public interface IPageModel
{
    static abstract string Template { get; }
}

public sealed record MessagePage(string Heading, IReadOnlyList<string> Paragraphs, PageLink? Link) : IPageModel
{
    public static string Template => "message";
}

/// <summary>The NHS.UK layout around every page; <see cref="Content"/> is the page, already rendered by its own template.</summary>
/// <param name="Stylesheets">The stylesheets' addresses, each carrying its content's hash.</param>
public sealed record LayoutPage(string Title, string ServiceName, string HomeHref, IReadOnlyList<PageLink> Navigation, Templating.TrustedHtml Content, bool HasErrors, string Stylesheet, string Favicon) : IPageModel
{
    public static string Template => "layout";
}

/// <summary>A choice in a select list, with whether it is the one chosen.</summary>
public sealed record PageOption(string Value, string Text, bool Selected);

/// <summary>A text field of a form: its id and name, label, optional hint, value and error.</summary>
public sealed record FormField(string Id, string Name, string Label, string? Hint, string Value, string? Error);

/// <summary>A select list of a form: its id and name, label, optional hint, error and choices.</summary>
public sealed record SelectField(string Id, string Name, string Label, string? Hint, string? Error, IReadOnlyList<PageOption> Options);

/// <summary>One radio of a set; the first carries the set's id, which the error summary links to.</summary>
public sealed record RadioOption(string Id, string Value, string Text, bool Checked);

/// <summary>A set of radios in a fieldset, with its legend and error.</summary>
public sealed record RadioField(string Id, string Name, string Legend, string? Error, IReadOnlyList<RadioOption> Options);
