using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Admin;

/// <summary>A period on the admin's pages: its returns window's state, and the form that reopens or closes it again.</summary>
/// <param name="Action">Where its one button posts: reopen when closed, close again when reopened; null while it is open or not yet open.</param>
public sealed record AdminPeriodRow(string Id, string Label, string Window, string State, string? Action, string? ActionText);

public sealed record AdminHomePage(string PartnershipName, string BasePath, int Version, string PublishedAt, string PublishedBy, IReadOnlyList<AdminPeriodRow> Periods) : IPageModel
{
    public static string Template => "admin-home";
}

public sealed record AdminStrategyPage(string PartnershipName, string BasePath, string AntiforgeryToken, int CurrentVersion, IReadOnlyList<FieldError> Errors, string? FileError) : IPageModel
{
    public static string Template => "admin-strategy";
}

public sealed record AdminProblemRow(string Line, string Where, string Message);

public sealed record AdminFieldChangeRow(string Field, string Before, string After);

public sealed record AdminChangeRow(string Part, string Id, string Name, string Kind, string Tag, IReadOnlyList<AdminFieldChangeRow> Fields);

/// <param name="Document">The uploaded document, carried to the confirm form so what is published is exactly what was checked.</param>
public sealed record AdminStrategyPreviewPage(
    string PartnershipName,
    string BasePath,
    string AntiforgeryToken,
    int CurrentVersion,
    string FileName,
    bool IsValid,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<AdminProblemRow> Problems,
    IReadOnlyList<AdminChangeRow> Changes,
    string Document,
    string ContentType) : IPageModel
{
    public static string Template => "admin-strategy-preview";
}

public sealed record AdminLinkRow(string Partner, string IssuedAt, string IssuedBy, string ExpiresAt, string LastUsed, string State, string? RevokeHref);

public sealed record AdminLinksPage(
    string PartnershipName,
    string BasePath,
    string AntiforgeryToken,
    IReadOnlyList<FieldError> Errors,
    SelectField Partner,
    FormField Days,
    string? Notice,
    IReadOnlyList<AdminLinkRow> Links) : IPageModel
{
    public static string Template => "admin-links";
}

/// <param name="Message">A ready-to-send e-mail to the partner's returns officer, holding the link.</param>
public sealed record AdminLinkIssuedPage(string PartnershipName, string BasePath, string PartnerName, string Url, string ExpiresAt, string Message) : IPageModel
{
    public static string Template => "admin-link-issued";
}

public sealed record AdminLinkRevokePage(string PartnershipName, string BasePath, string AntiforgeryToken, string PartnerName, string IssuedAt, string ExpiresAt, string Action) : IPageModel
{
    public static string Template => "admin-link-revoke";
}

public sealed record AdminCodesPage(string PartnershipName, string BasePath, string AntiforgeryToken, IReadOnlyList<FieldError> Errors, bool HasSurveys, SelectField Survey, FormField Count) : IPageModel
{
    public static string Template => "admin-codes";
}

public sealed record AdminCodeSheetPage(string PartnershipName, string BasePath, string SurveyTitle, string SurveyUrl, IReadOnlyList<string> Codes) : IPageModel
{
    public int CodeCount => Codes.Count;

    public static string Template => "admin-code-sheet";
}

public sealed record AdminPeriodsPage(string PartnershipName, string BasePath, string AntiforgeryToken, string? Notice, IReadOnlyList<FieldError> Errors, IReadOnlyList<AdminPeriodRow> Periods) : IPageModel
{
    public static string Template => "admin-periods";
}

public sealed record AdminRunResultRow(string Key, string Value);

public sealed record AdminRunsPage(
    string PartnershipName,
    string BasePath,
    string AntiforgeryToken,
    IReadOnlyList<FieldError> Errors,
    SelectField Period,
    string? ResultHeading,
    IReadOnlyList<AdminRunResultRow> Result,
    IReadOnlyList<PageLink> Reports) : IPageModel
{
    public static string Template => "admin-runs";
}

public sealed record AdminAuditRow(string At, string Who, string What, string Details, string Status);

public sealed record AdminAuditPage(string PartnershipName, string BasePath, IReadOnlyList<AdminAuditRow> Entries, string? OlderHref, string? NewestHref) : IPageModel
{
    public static string Template => "admin-audit";
}
