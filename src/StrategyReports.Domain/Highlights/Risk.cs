using StrategyReports.Domain.Periods;

namespace StrategyReports.Domain.Highlights;

public enum RiskStatus
{
    Open,
    Closed,
}

/// <summary>How a risk moved since the last period's log.</summary>
public enum RiskChange
{
    /// <summary>Not in the log at the end of last period.</summary>
    New,
    Increased,
    Decreased,
    Unchanged,

    /// <summary>Closed this period.</summary>
    Closed,
}

/// <summary>What a lead records about a risk or issue: the fields of the log's form and API.</summary>
/// <param name="Likelihood">1 (rare) to 5 (almost certain).</param>
/// <param name="Consequence">1 (negligible) to 5 (catastrophic).</param>
/// <param name="FlaggedForEscalation">The lead asks for it to go up the chain whatever its score.</param>
public sealed record RiskDetails(
    string Description,
    string Owner,
    int Likelihood,
    int Consequence,
    string? Mitigations,
    RiskStatus Status,
    bool FlaggedForEscalation);

/// <summary>
/// One version of a programme's risk. Each change is a new version recorded against the period it was
/// made in, so the log can be read as it stood at the end of any period and the change since the last
/// one worked out, never typed in.
/// </summary>
public sealed record RiskEntry(
    string PartnershipId,
    string ProgrammeId,
    string RiskId,
    int Version,
    Period Period,
    RiskDetails Details,
    string SavedBy,
    DateTimeOffset SavedAt)
{
    public int Score => RiskScale.Score(Details.Likelihood, Details.Consequence);

    public RiskBand Band => RiskScale.Band(Score);

    public bool IsOpen => Details.Status == RiskStatus.Open;

    /// <summary>
    /// An open risk scoring at least the strategy's threshold, or one its lead flags, goes up the chain;
    /// a closed one has been dealt with and stops rising.
    /// </summary>
    public bool IsEscalated(int escalationScore) => IsOpen && (Score >= escalationScore || Details.FlaggedForEscalation);
}

/// <summary>The rules a risk is held to.</summary>
public static class RiskRules
{
    public const int MaximumLength = 2000;

    public static IReadOnlyList<LogFieldError> Check(RiskDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var errors = new List<LogFieldError>();
        LogText.Require(errors, "description", details.Description, MaximumLength);
        LogText.Require(errors, "owner", details.Owner, LogText.NameLength);
        LogText.Limit(errors, "mitigations", details.Mitigations, MaximumLength);
        if (!RiskScale.IsRating(details.Likelihood))
        {
            errors.Add(new("likelihood", $"{details.Likelihood} is not on the scale: 1 (rare) to 5 (almost certain)"));
        }

        if (!RiskScale.IsRating(details.Consequence))
        {
            errors.Add(new("consequence", $"{details.Consequence} is not on the scale: 1 (negligible) to 5 (catastrophic)"));
        }

        return errors;
    }

    public static string Name(RiskStatus status) => status == RiskStatus.Closed ? "closed" : "open";

    public static bool TryParse(string? name, out RiskStatus status)
    {
        status = name == "closed" ? RiskStatus.Closed : RiskStatus.Open;
        return name is "open" or "closed";
    }

    public static string Describe(RiskChange change) => change switch
    {
        RiskChange.New => "New this period",
        RiskChange.Increased => "Score up",
        RiskChange.Decreased => "Score down",
        RiskChange.Closed => "Closed this period",
        _ => "No change",
    };
}

/// <summary>Checks shared by the log's free-text fields.</summary>
internal static class LogText
{
    /// <summary>An owner's or milestone's name: a line, not a paragraph.</summary>
    public const int NameLength = 200;

    public static void Require(List<LogFieldError> errors, string field, string? text, int maximum)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(field, "required"));
            return;
        }

        Limit(errors, field, text, maximum);
    }

    public static void Limit(List<LogFieldError> errors, string field, string? text, int maximum)
    {
        if (text?.Length > maximum)
        {
            errors.Add(new(field, $"is {text.Length} characters; keep it to {maximum}"));
        }
    }
}
