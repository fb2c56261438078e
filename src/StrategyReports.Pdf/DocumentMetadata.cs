namespace StrategyReports.Pdf;

/// <summary>What the PDF says about itself: the document information dictionary and the catalog language.</summary>
/// <param name="Title">Shown by readers in the window title instead of the file name.</param>
public sealed record DocumentMetadata(string Title)
{
    public string? Author { get; init; }

    public string? Subject { get; init; }

    public string? Keywords { get; init; }

    /// <summary>BCP 47 tag written as the catalog's <c>/Lang</c>, so screen readers pick the right voice.</summary>
    public string Language { get; init; } = "en-GB";

    public string Creator { get; init; } = "StrategyReports";

    /// <summary>
    /// Written as both creation and modification date. Left null, no dates are written, because a
    /// clock reading would make two renders of the same report differ.
    /// </summary>
    public DateTimeOffset? Date { get; init; }
}
