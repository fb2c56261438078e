using StrategyReports.TestSupport;

namespace StrategyReports.Templating.Tests;

public class TemplateLibraryTests
{
    private static TemplateLibrary Library(params (string Path, string Source)[] files) =>
        TemplateLibrary.FromSources([.. files.Select(f => new TemplateFile(f.Path, f.Source))]);

    [Fact]
    public void Output_is_html_escaped_unless_a_template_asks_for_raw()
    {
        var library = Library(("page.hbs", "<p>{{Text}}</p><div>{{{Html}}}</div>"));

        var html = library.Render("page", new { Text = "<script>alert('x')</script> & co", Html = "<b>ok</b>" });

        Assert.Equal("<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co</p><div><b>ok</b></div>", html);
    }

    [Fact]
    public void Partials_are_named_by_file_and_shared_by_templates()
    {
        var library = Library(
            ("reports/partials/rag-chip.hbs", "<strong class=\"rag rag-{{lower Rag}}\">{{Rag}}</strong>"),
            ("reports/highlight.hbs", "{{#each Measures}}{{> rag-chip}}{{/each}}"));

        var html = library.Render("reports/highlight", new { Measures = new[] { new { Rag = "Green" }, new { Rag = "Red" } } });

        Assert.Equal("<strong class=\"rag rag-green\">Green</strong><strong class=\"rag rag-red\">Red</strong>", html);
        Assert.Equal(["reports/highlight"], library.Names);
    }

    [Fact]
    public void A_missing_partial_is_found_at_load_with_file_and_line()
    {
        var error = Assert.Throws<TemplateException>(() => Library(("reports/board-pack.hbs", "<h1>{{Title}}</h1>\n<p>\n{{> no-such-partial}}</p>")));

        Assert.Equal("reports/board-pack.hbs", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("no-such-partial", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_helper_is_found_at_load_with_file_and_line()
    {
        var error = Assert.Throws<TemplateException>(() => Library(("page.hbs", "line one\n{{formatNumbr Value 2}}")));

        Assert.Equal(2, error.Line);
        Assert.Contains("formatNumbr", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{#if Ok}}unclosed")]
    [InlineData("{{#each Items}}{{/if}}")]
    public void Broken_syntax_is_found_at_load_naming_the_file(string source)
    {
        var error = Assert.Throws<TemplateException>(() => Library(("broken.hbs", source)));

        Assert.Equal("broken.hbs", error.File);
        Assert.StartsWith("broken.hbs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Helpers_format_numbers_money_percentages_and_dates_the_same_everywhere()
    {
        var library = Library(("f.hbs", "{{formatNumber A}}|{{formatNumber B 1}}|{{formatMoney C}}|{{formatMoney D}}|{{formatPercent E}}|{{formatSigned F}}|{{formatSigned G}}|{{formatDate H}}|{{formatNumber Missing}}|{{#if (eq I 2)}}two{{/if}}|{{plural J \"return\" \"returns\"}}"));

        var text = library.Render("f", new
        {
            A = 12345.4m,
            B = 2.25m,
            C = 1234m,
            D = 1234.5m,
            E = 12.345m,
            F = 2.46m,
            G = -1m,
            H = new DateOnly(2026, 11, 22),
            Missing = (decimal?)null,
            I = 2,
            J = 1,
        });

        Assert.Equal("12,345|2.3|£1,234|£1,234.50|12.3%|+2.5|\u22121.0|22 November 2026|—|two|return", text);
    }

    [Fact]
    public void The_version_changes_when_any_template_changes_and_not_otherwise()
    {
        var a = Library(("x.hbs", "one"), ("partials/p.hbs", "p"));
        var b = Library(("x.hbs", "one"), ("partials/p.hbs", "p"));
        var c = Library(("x.hbs", "one"), ("partials/p.hbs", "p!"));

        Assert.Equal(a.Version, b.Version);
        Assert.NotEqual(a.Version, c.Version);
    }

    [Fact]
    public void The_products_own_templates_load()
    {
        var library = TemplateLibrary.Load(RepositoryPaths.Combine("templates"));

        Assert.Contains("pages/layout", library.Names);
    }

    [Fact]
    public void Rendering_an_unknown_template_says_which()
    {
        var library = Library(("x.hbs", "x"));

        var error = Assert.Throws<KeyNotFoundException>(() => library.Render("y", new { }));
        Assert.Contains("'y'", error.Message, StringComparison.Ordinal);
    }
}
