using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Workspace;

/// <summary>The demo partnership's state and links as the home page shows them.</summary>
public sealed record DemoView(bool IsEnabled, bool IsReady, bool HasFailed, string? ReturnFormPath, string? ReturnPartnerName, string? SurveyPath, string? ReportsPath, string? ReturnsPath, string? AdminPath);

public sealed record HomePage(IReadOnlyList<PartnershipSummary> Partnerships, DemoView Demo) : IPageModel
{
    public static string Template => "home";
}

public sealed record SignInPage(string ReturnUrl, string AntiforgeryToken, string? KeyError, IReadOnlyList<FieldError> Errors) : IPageModel
{
    public static string Template => "signin";
}

/// <param name="HighlightHref">The lead's page for the latest quarter (highlight, risks, milestones), for a caller who may write it.</param>
public sealed record ProgrammeLine(string Name, string Lead, string? HighlightHref, string? HighlightPeriod);

public sealed record SurveyLine(string Title, string Href, string Opens, string Closes);

public sealed record PartnershipPeriodRow(string Id, string DueOn, string State, string ReturnsHref, string ReportsHref);

/// <param name="AdminHref">The partnership's admin pages, for a caller who is its admin.</param>
public sealed record PartnershipPageModel(string Name, string? Description, int Version, IReadOnlyList<PartnershipPeriodRow> Periods, IReadOnlyList<ProgrammeLine> Programmes, IReadOnlyList<SurveyLine> Surveys, string? AdminHref = null) : IPageModel
{
    public static string Template => "partnership";
}
