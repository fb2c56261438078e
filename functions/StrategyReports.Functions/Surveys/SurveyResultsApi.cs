using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// A survey's last released results, per partner and overall, with small-number suppression; and an
/// admin's release. Results are never computed live: between releases every call answers the same.
/// </summary>
public static class SurveyResultsApi
{
    public static IEndpointRouteBuilder MapSurveyResultsApi(this IEndpointRouteBuilder app)
    {
        var survey = app.MapGroup("/api/partnerships/{partnershipId}/surveys/{surveyId}");
        survey.MapGet("/results", GetAsync)
            .WithName("GetSurveyResults")
            .RequireAuthorization(Policies.LeadOrAdmin);
        survey.MapPost("/releases", ReleaseAsync)
            .WithName("ReleaseSurveyResults")
            .RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>What an admin's release did.</summary>
    /// <param name="PartnersReleased">Partner groups that gained at least the minimum of responses and were released now.</param>
    /// <param name="HeldBack">Responses held back as bursts into one partner group, per partner: never counted; look into them.</param>
    public sealed record ReleaseResult(ReleaseStamp Release, IReadOnlyList<string> PartnersReleased, IReadOnlyDictionary<string, int> HeldBack, SurveyResults Results);

    public static async Task<Ok<SurveyResults>> GetAsync(
        string partnershipId, string surveyId, ClaimsPrincipal user, SurveyDirectory directory, SurveyReleases releases, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(RouteValues.RequireId(partnershipId, "partnership"));
        var listing = await FindAsync(partnershipId, surveyId, directory, cancellationToken);

        // A survey run for one programme is that programme's staff voice: a lead of other programmes doesn't see it.
        if (listing.Survey.ProgrammeId is { } programmeId && !user.CanLeadProgramme(partnershipId, programmeId))
        {
            throw new AccessDeniedException($"You do not lead the programme '{programmeId}' this survey belongs to.");
        }

        var released = await releases.GetAsync(partnershipId, listing.Survey, cancellationToken);
        return TypedResults.Ok(Results(listing, released));
    }

    public static async Task<Ok<ReleaseResult>> ReleaseAsync(
        string partnershipId, string surveyId, ClaimsPrincipal user, SurveyDirectory directory, SurveyReleases releases, CancellationToken cancellationToken)
    {
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        var listing = await FindAsync(partnershipId, surveyId, directory, cancellationToken);
        var (release, released) = await releases.ReleaseNowAsync(partnershipId, listing.Survey, cancellationToken);
        return TypedResults.Ok(new ReleaseResult(
            release.Stamp,
            [.. release.Batches.Select(batch => batch.PartnerId)],
            released.HeldByPartner,
            Results(listing, released)));
    }

    private static async Task<SurveyListing> FindAsync(string partnershipId, string surveyId, SurveyDirectory directory, CancellationToken cancellationToken)
    {
        var listing = await directory.FindAsync(surveyId, cancellationToken);
        return listing is null || listing.PartnershipId != partnershipId ? throw new NotFoundException("survey", surveyId) : listing;
    }

    private static SurveyResults Results(SurveyListing listing, ReleasedSurvey released) =>
        SurveyResults.FromReleases(
            listing.Survey,
            [.. listing.Strategy.Partners.Select(partner => new SurveyPartner(partner.Id, partner.Name, partner.Headcount))],
            released.Releases,
            released.Responses,
            released.PartnerBasis);
}
