namespace StrategyReports.Templating;

/// <summary>
/// Markup that code built itself (an SVG chart, a page already rendered by a template) and that a
/// template writes as it is. It is the only way past the HTML encoding of template output, so every
/// use can be found by searching for <c>TrustedHtml.FromCode</c>; never wrap text that came from a person.
/// </summary>
public sealed class TrustedHtml
{
    private TrustedHtml(string html) => Html = html;

    public string Html { get; }

    /// <summary>Marks markup the calling code built, with every piece of outside text in it already encoded.</summary>
    public static TrustedHtml FromCode(string html) => new(html ?? throw new ArgumentNullException(nameof(html)));

    public override string ToString() => Html;
}
