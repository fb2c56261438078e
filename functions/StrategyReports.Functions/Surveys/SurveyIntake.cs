using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Storage;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>Whether a survey takes responses today.</summary>
public enum SurveyAvailability
{
    Open,
    Unknown,
    NotYetOpen,
    Closed,
}

/// <summary>
/// Taking a response in, for the JSON API and the HTML form alike: find the survey, check it is
/// open, and once the answers are valid stage the response, sealed, with its code's claim (if the
/// survey uses codes). Nothing is stored, and no code used, when anything is wrong. The response
/// reaches its permanent row later, with a batch (<see cref="SurveyFlush"/>).
/// </summary>
public sealed class SurveyIntake(
    SurveyDirectory directory, SurveyCodeStore codes, SurveyStaging staging, SurveyFlush flush, ResponseSeal seal, SubmissionIds submissionIds, SurveyBursts bursts, TimeProvider time)
{
    /// <summary>The survey and whether it is open on today's UK date; the listing is null when the survey is unknown.</summary>
    public async Task<(SurveyListing? Listing, SurveyAvailability Availability)> FindAsync(string surveyId, CancellationToken cancellationToken)
    {
        var listing = await directory.FindAsync(surveyId, cancellationToken);
        if (listing is null)
        {
            return (null, SurveyAvailability.Unknown);
        }

        var today = UkTime.DateAt(time.GetUtcNow());
        var availability = listing.Survey.IsOpenOn(today) ? SurveyAvailability.Open
            : today < listing.Survey.Opens ? SurveyAvailability.NotYetOpen
            : SurveyAvailability.Closed;
        return (listing, availability);
    }

    /// <summary>The open survey; 404 when unknown, 409 before it opens, 410 once it has closed.</summary>
    public async Task<SurveyListing> RequireOpenAsync(string surveyId, CancellationToken cancellationToken)
    {
        var (listing, availability) = await FindAsync(surveyId, cancellationToken);
        return availability switch
        {
            SurveyAvailability.Open => listing!,
            SurveyAvailability.NotYetOpen => throw new ConflictException(
                "The survey is not open yet", $"The survey '{surveyId}' opens on {Formatting.Date(listing!.Survey.Opens)}."),
            SurveyAvailability.Closed => throw new ClosedException(
                "The survey has closed", $"The survey '{surveyId}' closed on {Formatting.Date(listing!.Survey.Closes)}.", isFinal: true),
            _ => throw new NotFoundException("survey", surveyId),
        };
    }

    public static IReadOnlyCollection<string> PartnerIds(SurveyListing listing) => [.. listing.Strategy.Partners.Select(partner => partner.Id)];

    /// <summary>Whether the survey takes responses only with a code: it asks for codes for its partner results, or codes have been issued.</summary>
    public async Task<bool> RequiresCodeAsync(SurveyListing listing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return listing.Survey.CodesRequiredForPartnerResults || await codes.IsRequiredAsync(listing.PartnershipId, listing.Survey.Id, cancellationToken);
    }

    /// <summary>
    /// Stages a valid response, durably, before the respondent is thanked; 422 naming <c>code</c> when
    /// the survey uses codes and this one can't be used. The response and its code's claim are staged in
    /// one transaction: a code is never used up without its response kept, nor used twice.
    /// </summary>
    /// <param name="submissionKey">
    /// The submission's own key (a page's hidden submission id, an API client's <c>Idempotency-Key</c>): a retry
    /// with it is stored under the same ids, which readers count once, and finds a code it claimed still its own.
    /// </param>
    public async Task<SurveyResponse> StoreAsync(SurveyListing listing, SurveyAnswerValidation validation, string? code, string? submissionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(validation);
        var response = validation.ToResponse(UkTime.DateAt(time.GetUtcNow()));
        if (response.ToJson().Length > TableLimits.MaxStringLength)
        {
            throw new ValidationFailedException(SurveyAnswerValidator.AnswersField, "The answers are too long to store together; shorten the written answers.");
        }

        var partition = SurveyResponseStore.PartitionKey(listing.PartnershipId, listing.Survey.Id);
        var claim = await RequiresCodeAsync(listing, cancellationToken) ? await codes.ClaimAsync(listing.PartnershipId, listing.Survey.Id, code, cancellationToken) : null;
        var held = bursts.IsBurst(listing.PartnershipId, listing.Survey.Id, response.PartnerId, listing.Strategy.FindPartner(response.PartnerId)?.Headcount);
        var identity = submissionKey is null ? null : submissionIds.For(partition, submissionKey, response);
        var staged = new StagedResponse(identity?.ResponseId ?? StagedResponse.NewId(), response, held);

        var stagedIn = await staging.StageAsync(partition, seal.Seal(staged, partition), claim?.Key, identity?.StagingKey, cancellationToken) ?? throw SurveyCodeStore.Unusable();

        // Codes are marked spent only after the survey closes; one marked while this response was on its way can't be used.
        if (claim is not null && await codes.IsSpentAsync(listing.PartnershipId, listing.Survey.Id, claim, CancellationToken.None) != false)
        {
            await staging.UnstageAsync(partition, stagedIn.RowKey, claim.Key, CancellationToken.None);
            throw SurveyCodeStore.Unusable();
        }

        if (!stagedIn.Earlier)
        {
            Telemetry.SurveyResponses.Add(1);
            flush.Staged(listing.PartnershipId, listing.Survey.Id, stagedIn, staged);
        }

        return response;
    }

    /// <summary>The validator's problems as a 422 naming each field (<c>partner</c>, <c>answers.{questionId}</c>).</summary>
    public static ValidationFailedException Invalid(SurveyAnswerValidation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return new ValidationFailedException(
            validation.Problems.GroupBy(problem => problem.Field, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray(), StringComparer.Ordinal),
            $"The response has {validation.Problems.Count} problem{(validation.Problems.Count == 1 ? "" : "s")}; nothing was stored");
    }
}
