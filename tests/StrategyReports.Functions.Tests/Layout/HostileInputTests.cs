using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using StrategyReports.Functions.Layout;
using StrategyReports.Reports;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Tests.Layout;

/// <summary>
/// Pushes hostile text through every string member of every page and report view model (found by
/// reflection, so a member added later is covered without listing it) and parses what the templates
/// make of it: no element, attribute or link from the text may come out.
/// </summary>
public sealed class HostileInputTests
{
    private const int RunsPerModel = 40;

    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</textarea></title><script>alert(1)</script>",
        "{{ \"pwned\" | string.upcase }}",
        "{{ include '../../appsettings' }}",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "//evil.example/x",
        "https://evil.example/",
        "data:text/html,<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "\u202Eevil\u200B<b onclick=alert(1)>bold</b>",
        "\uFF1Cscript\uFF1Ealert(1)\uFF1C/script\uFF1E",
        "\uD83D\uDE00<iframe src=javascript:alert(1)></iframe>",
        "\0<a href=javascript:alert(1)>x</a>",
        "x onmouseover=alert(1) y",
    ];

    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase) { "script", "img", "iframe", "b", "object", "embed" };

    private static readonly Lazy<TemplateLibrary> Library = new(() =>
        TemplateLibrary.Load(Path.Combine(AppContext.BaseDirectory, "templates"), [.. PageRenderer.Templates, .. ReportRenderer.Templates], ReportRenderer.TemplateFunctions));

    public static TheoryData<string> PageModels() => [.. PageRenderer.Templates.Where(t => t.ModelType != typeof(LayoutPage)).Select(t => t.ModelType.Name)];

    public static TheoryData<string> ReportModels() => [.. ReportRenderer.Templates.Select(t => t.ModelType.Name)];

    [Theory]
    [MemberData(nameof(PageModels))]
    public void No_markup_or_link_in_any_page_models_text_survives(string modelName)
    {
        var type = PageRenderer.Templates.Single(t => t.ModelType.Name == modelName).ModelType;
        var html = typeof(PageRenderer).GetMethod(nameof(PageRenderer.Html))!.MakeGenericMethod(type);
        var renderer = new PageRenderer(Library.Value, new StaticAssets(Path.Combine(AppContext.BaseDirectory, "static")));
        for (var seed = 0; seed < RunsPerModel; seed++)
        {
            var values = new HostileValues(seed);
            var model = ModelSamples.Create(type, values);
            var page = (string)html.Invoke(renderer, [values.Text(), model, new[] { new PageLink(values.Text(), values.Text()) }, values.Flag()])!;
            AssertNothingSurvives(page, $"{modelName}, seed {seed}");
        }
    }

    [Theory]
    [MemberData(nameof(ReportModels))]
    public void No_markup_or_link_in_any_report_models_text_survives(string modelName)
    {
        var template = ReportRenderer.Templates.Single(t => t.ModelType.Name == modelName);
        for (var seed = 0; seed < RunsPerModel; seed++)
        {
            var model = ModelSamples.Create(template.ModelType, new HostileValues(seed));
            AssertNothingSurvives(Library.Value.Render(template.Name, model), $"{modelName}, seed {seed}");
        }
    }

    [Fact]
    public void The_generators_reach_the_lead_highlight_risks_milestones_and_the_groups_below_a_pack()
    {
        var pack = (BoardPack)ModelSamples.Create(typeof(BoardPack), new EveryBranch());
        var html = Library.Value.Render(ReportRenderer.BoardPackTemplate, pack);

        var programme = pack.Programmes[0];
        var group = pack.ReportingGroups[0];
        Assert.All(
            new[]
            {
                programme.LeadHighlight!.DecisionsAsked!, programme.RiskLog[0].Escalation, programme.RiskLog[0].Mitigations, programme.Milestones[0].Owner,
                pack.SignOff, pack.EscalatedRisks[0].Risk.Description, group.ReportsThrough, group.RedMeasures[0].Gap, group.EscalatedRisks[0].Risk.Owner,
                group.Decisions[0].Text, group.Slippage[0].Milestone, pack.Lines[0].SignOff,
            },
            text => Assert.Contains(text, html, StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_itself_catches_markup_that_got_through()
    {
        Assert.ThrowsAny<Exception>(() => AssertNothingSurvives("<p>" + Hostile[1] + "</p>", "unencoded"));
        Assert.ThrowsAny<Exception>(() => AssertNothingSurvives("<a href=\"javascript:alert(1)\">x</a>", "link"));
    }

    private static void AssertNothingSurvives(string html, string what)
    {
        var document = new HtmlParser().ParseDocument(html);
        Assert.DoesNotContain("PWNED", html, StringComparison.Ordinal);
        foreach (var element in document.All)
        {
            Assert.False(Forbidden.Contains(element.LocalName), $"{what}: a <{element.LocalName}> element came from the input");
            // The only SVG is the trend chart, which code draws.
            if (element.LocalName == "svg")
            {
                Assert.Equal("trend", element.GetAttribute("class"));
            }

            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{what}: an {attribute.Name} attribute came from the input");
                Assert.False(attribute.Name is "src" or "onerror" or "onload" or "onclick" or "onmouseover" or "y", $"{what}: attribute {attribute.Name}");
                if (attribute.Name is "href" or "action" or "formaction")
                {
                    AssertLocal(attribute.Value, what);
                }
            }
        }
    }

    private static void AssertLocal(string url, string what)
    {
        var trimmed = url.Trim();
        // An empty link (a missing optional path) points at the page itself.
        Assert.True(
            trimmed.Length == 0 || trimmed.StartsWith('#') || (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith("/\\", StringComparison.Ordinal)),
            $"{what}: the link '{url}' leaves the site");
        Assert.DoesNotContain(Hostile, h => string.Equals(h.Trim(), trimmed, StringComparison.Ordinal));
    }

    /// <summary>Distinct plain text in every string, every flag set, one of everything and nothing missing.</summary>
    private sealed class EveryBranch : SampleValues
    {
        private int _next;

        public override string Text() => $"text-{++_next}";

        public override bool Flag() => true;

        public override int Count() => 1;

        public override bool Null() => false;
    }

    /// <summary>Hostile text in every string, and a seeded mix of flags, list lengths and missing members so each branch of each template is met.</summary>
    private sealed class HostileValues(int seed) : SampleValues
    {
        private readonly Random _random = new(seed);

        public override string Text() => _random.Next(4) == 0
            ? string.Concat(Enumerable.Range(0, 3).Select(_ => Hostile[_random.Next(Hostile.Length)]))
            : Hostile[_random.Next(Hostile.Length)];

        public override bool Flag() => _random.Next(2) == 0;

        public override int Count() => _random.Next(4);

        public override bool Null() => _random.Next(3) == 0;

        public override decimal Number() => _random.Next(-2, 20);

        // Charts are the one trusted markup: code draws them, with hostile text as their label.
        public override TrustedHtml Trusted() => TrendChart.Svg([1m, null, 3m, 2m], 2m, Text())!;
    }
}
