using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Returns;

/// <param name="Href">The partner's return, to review it; null while it is missing.</param>
/// <param name="Review">Where the latest version stands with its reviewers; null while it is missing.</param>
public sealed record ReturnStatusRow(string Name, string Status, string Tag, string? Version, string? When, string? By, string? Href = null, string? Review = null, string? ReviewTag = null);

public sealed record ReturnsStatusPage(
    string PartnershipName,
    string Period,
    DateOnly DueOn,
    DateOnly ClosesOn,
    int Expected,
    int Received,
    int LateCount,
    int MissingCount,
    bool Reopened,
    bool ContainsSampleData,
    IReadOnlyList<ReturnStatusRow> Rows,
    string? ChasingHref = null) : IPageModel
{
    public static string Template => "returns-status";
}

/// <summary>The return form's upload: the partner's return as a spreadsheet to download, and the form that sends it back.</summary>
/// <param name="Id">The file input's id, which the error summary links to.</param>
public sealed record ReturnUploadForm(string Id, string Action, string Proof, string Submission, string Period, string XlsxHref, string CsvHref, int MaxMegabytes, string? Error);

/// <param name="Measure">The success measure's name.</param>
/// <param name="From">The figure before, or "blank".</param>
/// <param name="To">The figure in the file, or "blank".</param>
public sealed record ReturnUploadChange(string Measure, string From, string To);

/// <summary>What an upload from the return form did, or in a check would do; <paramref name="Errors"/> lists every problem with its row and column.</summary>
public sealed record ReturnUploadResultPage(
    IReadOnlyList<FieldError> Errors,
    string PartnerName,
    string PartnershipName,
    string Period,
    bool DryRun,
    bool Stored,
    int? Version,
    string? Reference,
    bool IsLate,
    IReadOnlyList<ReturnUploadChange> Changes,
    IReadOnlyList<string> Warnings,
    string FormHref,
    ReturnUploadForm Upload) : IPageModel
{
    public static string Template => "return-upload-result";
}
