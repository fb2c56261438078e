using StrategyReports.Domain.Returns;

namespace StrategyReports.Domain.Tests.Returns;

/// <summary>The review state a return is in, and each rule a decision is checked against, by the field it names.</summary>
public class ReturnReviewTests
{
    private static readonly string[] Measures = ["vacancies", "sickness"];
    private static readonly DateTimeOffset At = new(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_return_nobody_has_decided_on_awaits_review()
    {
        var status = ReturnReviewRules.StatusOf(1, []);

        Assert.Equal(ReviewState.AwaitingReview, status.State);
        Assert.Null(status.Decision);
    }

    [Fact]
    public void The_latest_decision_on_the_latest_version_sets_the_state()
    {
        var reviews = new[] { Review(1, 1, ReviewDecision.Query), Review(2, 1, ReviewDecision.Accept) };

        var status = ReturnReviewRules.StatusOf(1, reviews);

        Assert.Equal(ReviewState.Accepted, status.State);
        Assert.Equal(2, status.Decision!.Sequence);
        Assert.Null(ReturnReviewRules.OpenQuery(1, reviews));
    }

    [Fact]
    public void A_query_stays_open_until_the_partner_sends_a_new_version()
    {
        var reviews = new[] { Review(1, 1, ReviewDecision.Query) };

        Assert.Equal(ReviewState.Queried, ReturnReviewRules.StatusOf(1, reviews).State);
        Assert.Equal(1, ReturnReviewRules.OpenQuery(1, reviews)!.Sequence);

        // Version 2 answers the query: back to awaiting review, with the query kept in the history.
        Assert.Equal(ReviewState.AwaitingReview, ReturnReviewRules.StatusOf(2, reviews).State);
        Assert.Null(ReturnReviewRules.OpenQuery(2, reviews));
    }

    [Fact]
    public void An_acceptance_of_an_earlier_version_does_not_accept_a_resubmission()
    {
        var reviews = new[] { Review(1, 1, ReviewDecision.Accept) };

        Assert.Equal(ReviewState.AwaitingReview, ReturnReviewRules.StatusOf(2, reviews).State);
    }

    [Fact]
    public void A_query_with_comments_on_values_is_checked_and_trimmed()
    {
        var check = ReturnReviewRules.Check(
            new ReviewRequest("Query", 2, "  Please check two figures ", [new("vacancies", " 40 looks high "), new("sickness", "Denominator?")]),
            2,
            Measures);

        Assert.True(check.IsValid);
        Assert.Equal(ReviewDecision.Query, check.Decision);
        Assert.Equal("Please check two figures", check.Comment);
        Assert.Equal([new ValueComment("vacancies", "40 looks high"), new ValueComment("sickness", "Denominator?")], check.ValueComments);
    }

    [Fact]
    public void An_acceptance_needs_no_comment()
    {
        var check = ReturnReviewRules.Check(new ReviewRequest("accept", 1, null, null), 1, Measures);

        Assert.True(check.IsValid);
        Assert.Equal(ReviewDecision.Accept, check.Decision);
        Assert.Null(check.Comment);
    }

    [Fact]
    public void A_decision_on_a_superseded_version_is_stale_not_an_error()
    {
        var check = ReturnReviewRules.Check(new ReviewRequest("accept", 1, null, null), 2, Measures);

        Assert.True(check.IsStale);
        Assert.False(check.IsValid);
        Assert.Empty(check.Errors);
    }

    [Theory]
    [InlineData(null, 1, "x", "decision", "Choose")]
    [InlineData("approve", 1, "x", "decision", "'approve'")]
    [InlineData("accept", null, "x", "basedOnVersion", "Name the version")]
    [InlineData("accept", 0, "x", "basedOnVersion", "no version 0")]
    [InlineData("accept", 3, "x", "basedOnVersion", "no version 3")]
    [InlineData("query", 2, " ", "comment", "Say what")]
    public void Each_bad_field_is_named(string? decision, int? version, string comment, string field, string message)
    {
        var check = ReturnReviewRules.Check(new ReviewRequest(decision, version, comment, null), 2, Measures);

        var error = Assert.Single(check.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(check.IsValid);
    }

    [Fact]
    public void A_comment_over_the_limit_is_refused()
    {
        var long_ = new string('x', ReturnReviewRules.CommentMaxLength + 1);
        var check = ReturnReviewRules.Check(new ReviewRequest("query", 1, long_, [new("vacancies", long_)]), 1, Measures);

        Assert.Equal(["comment", "measures[0].comment"], check.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Comments_on_values_name_a_measure_of_the_return_once_each_with_text()
    {
        var check = ReturnReviewRules.Check(
            new ReviewRequest("query", 1, "See below", [new("bank-spend", "x"), new("vacancies", "a"), new("vacancies", "b"), new(null, "c"), new("sickness", "  ")]),
            1,
            Measures);

        Assert.Equal(
            ["measures[0].measureId", "measures[2].measureId", "measures[3].measureId", "measures[4].comment"],
            check.Errors.Select(e => e.Field));
        Assert.Contains("'bank-spend' is not a measure", check.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_acceptance_carries_no_comments_on_values()
    {
        var check = ReturnReviewRules.Check(new ReviewRequest("accept", 1, null, [new("vacancies", "fine")]), 1, Measures);

        Assert.Equal("measures", Assert.Single(check.Errors).Field);
    }

    private static ReturnReview Review(int sequence, int version, ReviewDecision decision) =>
        new("trust", sequence, version, decision, decision == ReviewDecision.Query ? "Check it" : null, [], "Lead", At.AddMinutes(sequence));
}
