namespace StrategyReports.Templating.Tests;

public sealed class TemplateLibraryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sr-templates-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public sealed record Page(string Text, TrustedHtml? Chart, string Href, IReadOnlyList<Item> Items);

    public sealed record Item(string Name, int Count);

    private static readonly Dictionary<string, TemplateFunction> Functions = new(StringComparer.Ordinal)
    {
        ["shout"] = TemplateFunction.Of<string, string>(text => text.ToUpperInvariant()),
    };

    private void Write(string path, string source)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, source);
    }

    private TemplateLibrary Load() => TemplateLibrary.Load(_root, [new TemplateModel("page", typeof(Page))], Functions);

    [Fact]
    public void Expressions_are_html_encoded_and_only_trusted_html_is_written_as_it_is()
    {
        Write("page.sbn-html", "<p title=\"{{ Text }}\">{{ Text }}</p>{{ Chart }}");

        var html = Load().Render("page", new Page("<script>alert('x')</script> & \"co\"", TrustedHtml.FromCode("<svg></svg>"), "/", []));

        Assert.Equal("<p title=\"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;co&quot;\">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;co&quot;</p><svg></svg>", html);
    }

    [Theory]
    [InlineData("/partnerships/bury", "/partnerships/bury")]
    [InlineData("#key", "#key")]
    [InlineData("javascript:alert(1)", "#")]
    [InlineData(" javascript:alert(1)", "#")]
    [InlineData("//evil.example/", "#")]
    [InlineData("/\\evil.example/", "#")]
    [InlineData("https://evil.example/", "#")]
    public void A_value_that_starts_a_link_must_be_a_path_on_this_site(string href, string written)
    {
        Write("page.sbn-html", "<a href=\"{{ Href }}\">x</a>");

        Assert.Equal($"<a href=\"{written}\">x</a>", Load().Render("page", new Page("", null, href, [])));
    }

    [Fact]
    public void Includes_come_from_the_partials_folder_beside_the_template_with_the_given_model_in_scope()
    {
        Write("page.sbn-html", "{{ for item in Items }}{{ include 'item' item }}{{ end }}");
        Write("partials/item.sbn-html", "<li>{{ shout Name }} {{ Count }} {{ Text }}</li>");

        var html = Load().Render("page", new Page("t", null, "/", [new Item("a<b", 1), new Item("c", 2)]));

        Assert.Equal("<li>A&lt;B 1 t</li><li>C 2 t</li>", html);
    }

    [Fact]
    public void Utf8_rendering_gives_the_bytes_of_the_rendered_text_even_when_a_character_spans_two_chunks_of_output()
    {
        Write("page.sbn-html", "{{ for item in Items }}<p>{{ item.Name }}</p>{{ end }}");

        // Long enough for the output to span several chunks, and almost all surrogate pairs, starting
        // at odd and even offsets, so some chunk boundary falls inside a pair.
        var items = Enumerable.Range(0, 400).Select(i => new Item(string.Concat(Enumerable.Repeat("\U0001F600", 20 + (i % 3))), i)).ToList();
        var page = new Page("", null, "/", items);
        var library = Load();

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(library.Render("page", page)), library.RenderUtf8("page", page));
    }

    [Fact]
    public void A_template_cannot_assign_to_its_model()
    {
        Write("page.sbn-html", "{{ Text = 'changed' }}{{ Text }}");

        var error = Assert.Throws<TemplateException>(Load);

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_syntax_error_stops_loading_with_file_line_and_column()
    {
        Write("page.sbn-html", "<p>\n  {{ if Text }}unclosed");

        var error = Assert.Throws<TemplateException>(Load);

        Assert.Equal("page.sbn-html", error.File);
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Column);
        Assert.StartsWith("page.sbn-html:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_member_stops_loading_with_file_line_and_column_even_in_a_branch_a_sample_skips()
    {
        Write("page.sbn-html", "<p>\n{{ for item in Items }}{{ item.Nmae }}{{ end }}</p>");

        var error = Assert.Throws<TemplateException>(Load);

        Assert.Equal("page.sbn-html", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("Nmae", error.Message, StringComparison.Ordinal);
    }

    public class Base
    {
        public string Inherited { get; set; } = "";
    }

    public sealed class Derived(string text) : Base
    {
        public string Text { get; } = text;

        public bool HasText => Text.Length > 0;

        [Scriban.Runtime.ScriptMemberIgnore]
        public string Hidden => Text;
    }

    [Fact]
    public void The_check_knows_the_members_a_render_reads_inherited_and_computed_ones_too_and_not_ignored_ones()
    {
        Write("page.sbn-html", "{{ if HasText }}{{ Text }}{{ end }}{{ Inherited }}");
        Write("hidden.sbn-html", "ok\n  {{ Hidden }}");

        var library = TemplateLibrary.Load(_root, [new TemplateModel("page", typeof(Derived))], Functions);
        var error = Assert.Throws<TemplateException>(() => TemplateLibrary.Load(_root, [new TemplateModel("page", typeof(Derived)), new TemplateModel("hidden", typeof(Derived))], Functions));

        Assert.Equal("xy", library.Render("page", new Derived("x") { Inherited = "y" }));
        Assert.Equal(("hidden.sbn-html", 2, 6), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void An_unknown_member_in_a_partial_names_the_partial()
    {
        Write("page.sbn-html", "{{ include 'x' }}");
        Write("partials/x.sbn-html", "ok\n  {{ Txet }}");

        var error = Assert.Throws<TemplateException>(Load);

        Assert.Equal("partials/x.sbn-html", error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
    }

    [Fact]
    public void An_unknown_function_stops_loading_even_on_a_line_that_never_runs()
    {
        Write("page.sbn-html", "{{ if false }}\n{{ shuot Text }}{{ end }}");

        var error = Assert.Throws<TemplateException>(Load);

        Assert.Equal(2, error.Line);
        Assert.Equal(4, error.Column);
        Assert.Contains("shuot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_include_stops_loading_even_on_a_line_that_never_runs()
    {
        Write("page.sbn-html", "<h1>{{ Text }}</h1>\n{{ if false }}\n  {{ include 'no-such-partial' }}{{ end }}");

        var error = Assert.Throws<TemplateException>(Load);

        Assert.Equal("page.sbn-html", error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Contains("no-such-partial", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/x")]
    [InlineData("..\\x")]
    public void An_include_cannot_name_anything_outside_the_partials_folder(string name)
    {
        Write("page.sbn-html", $"{{{{ include '{name}' }}}}");

        var error = Assert.Throws<TemplateException>(Load);

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void The_loader_refuses_a_template_linked_from_outside_the_folder()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"sr-outside-{Guid.NewGuid():N}.sbn-html");
        File.WriteAllText(outside, "secret");
        try
        {
            Write("page.sbn-html", "{{ include 'leak' }}");
            Directory.CreateDirectory(Path.Combine(_root, "partials"));
            File.CreateSymbolicLink(Path.Combine(_root, "partials", "leak.sbn-html"), outside);

            var error = Assert.Throws<TemplateException>(Load);

            Assert.Contains("outside", error.Message, StringComparison.Ordinal);
            Assert.Throws<UnauthorizedAccessException>(() => new TemplatesFolderLoader(_root).Read("../" + Path.GetFileName(outside)));
            Assert.Throws<UnauthorizedAccessException>(() => new TemplatesFolderLoader(_root).Read(outside));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public void The_version_changes_when_any_template_changes_and_not_otherwise()
    {
        Write("page.sbn-html", "one");
        Write("partials/p.sbn-html", "p");
        var a = Load().Version;
        var b = Load().Version;
        Write("partials/p.sbn-html", "p!");

        Assert.Equal(a, b);
        Assert.NotEqual(a, Load().Version);
    }

    [Fact]
    public void Rendering_an_unknown_template_says_which()
    {
        Write("page.sbn-html", "x");

        var error = Assert.Throws<KeyNotFoundException>(() => Load().Render("y", new { }));
        Assert.Contains("'y'", error.Message, StringComparison.Ordinal);
    }

    public sealed record OtherPage(string Text);

    [Fact]
    public void A_load_given_what_an_earlier_load_checked_skips_the_model_check_and_renders_the_same()
    {
        Write("page.sbn-html", "{{ for item in Items }}<li>{{ shout item.Name }}</li>{{ end }}");
        var checkedOnce = Load();

        var trusted = TemplateLibrary.Load(_root, [new TemplateModel("page", typeof(Page))], Functions, checkedOnce.CheckedAs);

        Assert.True(checkedOnce.ModelsChecked);
        Assert.False(trusted.ModelsChecked);
        Assert.Equal(checkedOnce.CheckedAs, trusted.CheckedAs);
        var page = new Page("t", null, "/", [new Item("a", 1)]);
        Assert.Equal(checkedOnce.Render("page", page), trusted.Render("page", page));
    }

    [Fact]
    public void A_template_changed_since_the_earlier_check_is_checked_again_and_a_broken_one_still_stops_loading()
    {
        Write("page.sbn-html", "{{ Text }}");
        var checkedAs = Load().CheckedAs;
        Write("page.sbn-html", "{{ Text }}{{ Missing }}");

        var error = Assert.Throws<TemplateException>(() => TemplateLibrary.Load(_root, [new TemplateModel("page", typeof(Page))], Functions, checkedAs));
        Assert.Contains("Missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_was_checked_includes_each_model_type_and_the_functions()
    {
        Write("page.sbn-html", "{{ Text }}");
        var checkedAs = Load().CheckedAs;

        var otherModel = TemplateLibrary.Load(_root, [new TemplateModel("page", typeof(OtherPage))], Functions, checkedAs);
        var otherFunctions = TemplateLibrary.Load(_root, [new TemplateModel("page", typeof(Page))], new Dictionary<string, TemplateFunction>(StringComparer.Ordinal), checkedAs);

        Assert.True(otherModel.ModelsChecked);
        Assert.NotEqual(checkedAs, otherModel.CheckedAs);
        Assert.True(otherFunctions.ModelsChecked);
        Assert.NotEqual(checkedAs, otherFunctions.CheckedAs);
    }
}
