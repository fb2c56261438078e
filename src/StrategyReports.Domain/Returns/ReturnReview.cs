namespace StrategyReports.Domain.Returns;

/// <summary>What a lead decided about one version of a return.</summary>
public enum ReviewDecision
{
    Accept,
    Query,
}

/// <summary>Where a return stands with its reviewers: decided by the latest decision on its latest version.</summary>
public enum ReviewState
{
    /// <summary>No decision on the latest version yet (a first submission, or a resubmission answering a query).</summary>
    AwaitingReview,
    Accepted,
    Queried,
}

/// <summary>A reviewer's comment on the value of one measure (a figure that looks wrong, say).</summary>
public sealed record ValueComment(string MeasureId, string Comment);

/// <summary>
/// One decision on a return, never changed once recorded: a later decision, or a resubmission, supersedes it
/// while it stays in the return's history.
/// </summary>
/// <param name="Sequence">1 for the first decision on the partner's return for the period, then 2, 3, …</param>
/// <param name="BasedOnVersion">The version of the return the reviewer read and decided on.</param>
/// <param name="Comment">Required for a query; optional for an acceptance.</param>
/// <param name="ValueComments">Queries only: comments on specific values.</param>
public sealed record ReturnReview(
    string PartnerId,
    int Sequence,
    int BasedOnVersion,
    ReviewDecision Decision,
    string? Comment,
    IReadOnlyList<ValueComment> ValueComments,
    string ReviewedBy,
    DateTimeOffset ReviewedAt);

/// <summary>A decision as a reviewer sends it (the API's body, or the lead's form), not yet checked.</summary>
/// <param name="Decision"><c>accept</c> or <c>query</c>.</param>
public sealed record ReviewRequest(string? Decision, int? BasedOnVersion, string? Comment, IReadOnlyList<ValueCommentRequest>? Measures);

/// <summary>A comment on one measure's value, as sent.</summary>
public sealed record ValueCommentRequest(string? MeasureId, string? Comment);

/// <summary>A checked decision, or what is wrong with it.</summary>
/// <param name="IsStale">The reviewer decided on a version that has since been superseded: nothing to record, a conflict.</param>
public sealed record ReviewCheck(ReviewDecision Decision, int BasedOnVersion, string? Comment, IReadOnlyList<ValueComment> ValueComments, IReadOnlyList<ReturnFieldError> Errors, bool IsStale)
{
    public bool IsValid => Errors.Count == 0 && !IsStale;
}

/// <summary>A return's review state and the decision that set it (null while awaiting review).</summary>
public sealed record ReviewStatus(ReviewState State, int LatestVersion, ReturnReview? Decision);

/// <summary>
/// The rules of reviewing returns: a decision names the version it was made on and counts only while that
/// version is the latest, so a resubmission after a query puts the return back to awaiting review, and a
/// decision made on a version already superseded is refused rather than recorded against the wrong figures.
/// </summary>
public static class ReturnReviewRules
{
    /// <summary>A query is a short note to the returns officer, not a letter.</summary>
    public const int CommentMaxLength = 2000;

    public const string AcceptName = "accept";
    public const string QueryName = "query";

    public static string Name(ReviewDecision decision) => decision == ReviewDecision.Accept ? AcceptName : QueryName;

    /// <summary>The latest decision on the latest version sets the state; decisions on earlier versions no longer count.</summary>
    public static ReviewStatus StatusOf(int latestVersion, IEnumerable<ReturnReview> reviews)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var decision = reviews.Where(r => r.BasedOnVersion == latestVersion).MaxBy(r => r.Sequence);
        var state = decision?.Decision switch
        {
            ReviewDecision.Accept => ReviewState.Accepted,
            ReviewDecision.Query => ReviewState.Queried,
            _ => ReviewState.AwaitingReview,
        };
        return new ReviewStatus(state, latestVersion, decision);
    }

    /// <summary>The query the partner has yet to answer with a new version, if any.</summary>
    public static ReturnReview? OpenQuery(int latestVersion, IEnumerable<ReturnReview> reviews) =>
        StatusOf(latestVersion, reviews) is { State: ReviewState.Queried, Decision: { } query } ? query : null;

    /// <summary>
    /// Checks a decision against the return's latest version and the measures that apply to the partner. Every
    /// problem names its field as the request spells it (<c>decision</c>, <c>measures[1].comment</c>).
    /// </summary>
    public static ReviewCheck Check(ReviewRequest request, int latestVersion, IReadOnlyCollection<string> measureIds)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(measureIds);
        var errors = new List<ReturnFieldError>();
        var named = request.Decision?.Trim();
        ReviewDecision? decision = string.Equals(named, AcceptName, StringComparison.OrdinalIgnoreCase) ? ReviewDecision.Accept
            : string.Equals(named, QueryName, StringComparison.OrdinalIgnoreCase) ? ReviewDecision.Query
            : null;
        if (decision is null)
        {
            errors.Add(new("decision", string.IsNullOrWhiteSpace(request.Decision)
                ? "Choose whether to accept the return or query it."
                : $"The decision must be '{AcceptName}' or '{QueryName}', not '{request.Decision}'."));
        }

        var stale = false;
        switch (request.BasedOnVersion)
        {
            case null:
                errors.Add(new("basedOnVersion", "Name the version of the return you reviewed."));
                break;
            case var v when v < 1 || v > latestVersion:
                errors.Add(new("basedOnVersion", $"The return has no version {v}: its latest is version {latestVersion}."));
                break;
            case var v when v < latestVersion:
                stale = true;
                break;
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (comment is null && decision == ReviewDecision.Query)
        {
            errors.Add(new("comment", "Say what the partner needs to check or change."));
        }
        else if (comment?.Length > CommentMaxLength)
        {
            errors.Add(new("comment", $"The comment must be {CommentMaxLength} characters or fewer."));
        }

        var valueComments = new List<ValueComment>();
        var measures = request.Measures ?? [];
        if (decision == ReviewDecision.Accept && measures.Count > 0)
        {
            errors.Add(new("measures", "Comments on values go with a query: an accepted return needs no changes."));
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < measures.Count; i++)
            {
                var item = measures[i];
                var measureId = item?.MeasureId?.Trim();
                if (string.IsNullOrEmpty(measureId) || !measureIds.Contains(measureId))
                {
                    errors.Add(new($"measures[{i}].measureId", string.IsNullOrEmpty(measureId)
                        ? "Name the measure the comment is about."
                        : $"'{measureId}' is not a measure of this return."));
                }
                else if (!seen.Add(measureId))
                {
                    errors.Add(new($"measures[{i}].measureId", $"'{measureId}' is commented on twice: put both comments in one."));
                }

                var text = item?.Comment?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    errors.Add(new($"measures[{i}].comment", "Write the comment on this value, or leave the measure out."));
                }
                else if (text.Length > CommentMaxLength)
                {
                    errors.Add(new($"measures[{i}].comment", $"The comment must be {CommentMaxLength} characters or fewer."));
                }
                else if (!string.IsNullOrEmpty(measureId))
                {
                    valueComments.Add(new ValueComment(measureId, text));
                }
            }
        }

        return new ReviewCheck(decision ?? ReviewDecision.Query, request.BasedOnVersion ?? 0, comment, valueComments, errors, stale && errors.Count == 0);
    }
}
