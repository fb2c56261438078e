using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Tests.Layout;

public class PageListTests
{
    [Fact]
    public void Every_page_model_in_the_app_is_listed_once_with_its_template()
    {
        var found = typeof(IPageModel).Assembly.GetTypes()
            .Where(type => type.IsClass && type.IsAssignableTo(typeof(IPageModel)))
            .Select(type => (Name: "pages/" + type.GetProperty(nameof(IPageModel.Template))!.GetValue(null), Type: type))
            .OrderBy(page => page.Type.FullName, StringComparer.Ordinal);

        var listed = PageRenderer.Templates.Select(page => (page.Name, Type: page.ModelType)).OrderBy(page => page.Type.FullName, StringComparer.Ordinal);

        Assert.Equal(found, listed);
    }
}
