using StrategyReports.Domain.Periods;

namespace StrategyReports.Domain.Highlights;

/// <summary>Whether a highlight version is the lead's work in progress or what they put to the board.</summary>
public enum HighlightStatus
{
    Draft,
    Submitted,
}

/// <summary>What a programme lead writes for the period: it leads the programme's highlight report.</summary>
/// <param name="Commentary">Overall commentary on the programme this period.</param>
/// <param name="Achievements">Achievements this period.</param>
/// <param name="NextPeriodPlans">Plans for next period.</param>
/// <param name="DecisionsAsked">Decisions or support asked of the assurance group.</param>
public sealed record HighlightText(string? Commentary, string? Achievements, string? NextPeriodPlans, string? DecisionsAsked)
{
    /// <summary>Each part with the name the API and the form give it, for validation messages.</summary>
    public IEnumerable<(string Field, string? Text)> Parts =>
    [
        ("commentary", Commentary),
        ("achievements", Achievements),
        ("nextPeriodPlans", NextPeriodPlans),
        ("decisionsAsked", DecisionsAsked),
    ];

    /// <summary>The same text with blank parts as null and the rest trimmed, so stored versions compare by what they say.</summary>
    public HighlightText Normalised() => new(Clean(Commentary), Clean(Achievements), Clean(NextPeriodPlans), Clean(DecisionsAsked));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// One saved version of a programme lead's highlight for a period. Versions are never overwritten:
/// each save (draft or submission) is a new one, and the history stays readable, as with returns.
/// </summary>
public sealed record LeadHighlight(
    string PartnershipId,
    Period Period,
    string ProgrammeId,
    int Version,
    HighlightStatus Status,
    HighlightText Text,
    string SavedBy,
    DateTimeOffset SavedAt);

/// <summary>A field of a lead's highlight, risk or milestone that cannot be accepted, named as the API and the form name it.</summary>
public sealed record LogFieldError(string Field, string Message);

/// <summary>The rules a lead's highlight is held to.</summary>
public static class HighlightRules
{
    /// <summary>Each part is a few paragraphs for a board paper, not a document.</summary>
    public const int MaximumLength = 4000;

    /// <summary>A draft may be partial; a submission needs the overall commentary, which heads the report.</summary>
    public static IReadOnlyList<LogFieldError> Check(HighlightText text, HighlightStatus status)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<LogFieldError>();
        foreach (var (field, part) in text.Parts)
        {
            if (part?.Length > MaximumLength)
            {
                errors.Add(new(field, $"is {part.Length} characters; keep it to {MaximumLength}"));
            }
        }

        if (status == HighlightStatus.Submitted && string.IsNullOrWhiteSpace(text.Commentary))
        {
            errors.Add(new("commentary", "write the overall commentary before submitting"));
        }

        return errors;
    }

    public static string Name(HighlightStatus status) => status == HighlightStatus.Submitted ? "submitted" : "draft";

    public static bool TryParse(string? name, out HighlightStatus status)
    {
        status = name switch
        {
            "submitted" => HighlightStatus.Submitted,
            _ => HighlightStatus.Draft,
        };
        return name is "submitted" or "draft";
    }
}

/// <summary>Where a programme's highlight for the period stands, as a pack's sign-off shows it.</summary>
public enum SignOffState
{
    NotStarted,
    DraftOnly,
    Submitted,
}

/// <summary>
/// The highlight a report uses and its sign-off: the latest submitted version when there is one (a
/// later draft is work on a revision, not yet put to the board), otherwise the latest draft.
/// </summary>
/// <param name="Highlight">The version the report shows; null when nothing has been written.</param>
/// <param name="LatestVersion">The newest version saved, draft or not; 0 when none.</param>
public sealed record HighlightSignOff(LeadHighlight? Highlight, SignOffState State, int LatestVersion)
{
    /// <summary>A draft was saved after the submission the report shows.</summary>
    public bool HasLaterDraft => State == SignOffState.Submitted && LatestVersion > Highlight!.Version;

    public static HighlightSignOff From(IReadOnlyList<LeadHighlight> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var ordered = versions.OrderBy(v => v.Version).ToList();
        var latest = ordered.Count == 0 ? 0 : ordered[^1].Version;
        var submitted = ordered.LastOrDefault(v => v.Status == HighlightStatus.Submitted);
        if (submitted is not null)
        {
            return new(submitted, SignOffState.Submitted, latest);
        }

        return ordered.Count == 0 ? new(null, SignOffState.NotStarted, 0) : new(ordered[^1], SignOffState.DraftOnly, latest);
    }
}
